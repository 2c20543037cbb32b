using StarBot.Testing;

namespace StarBot.Tests.Cli;

/// <summary>The terminal chat driven as a real process through its standard input.</summary>
public sealed class TerminalChatTests
{
    private const string Round = """
        practice leadership
        At my last company our payment API slowed to 500 ms at peak and customers complained. No team owned it, so I took the lead on fixing it. I wrote a shared document with the impact, ran a daily standup with the three teams and proposed a phased fix. P99 latency fell from 500 ms to 80 ms within two weeks, and I learned to share the data first.
        as sam: We had a flaky deploy pipeline. We looked into it as a team and it went fine in the end.
        as sam: done
        done
        quit
        """;

    [Fact]
    public async Task A_two_person_round_runs_from_question_to_summary()
    {
        var result = await StarBotProcess.RunAsync(["chat"], stdin: Round);

        Assert.Equal(0, result.ExitCode);
        var output = result.Stdout;
        var order = new[] { "== Practice round ==", "== Feedback for you ==", "== Feedback for sam ==", "Only the person who started this round (you)", "== Round closed ==", "Bye" }
            .Select(marker => output.IndexOf(marker, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i >= 0, output));
        Assert.Equal(order.Order(), order);
        Assert.Contains("you covered Situation, Task, Action, Result - all four parts", output, StringComparison.Ordinal);
        Assert.Contains("sam covered", output, StringComparison.Ordinal);
        Assert.Contains("[ ] Action: missing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_verb_StarBot_starts_the_chat_and_unknown_commands_get_help()
    {
        var result = await StarBotProcess.RunAsync([], stdin: "frobnicate\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("I don't know \"frobnicate\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("practice [topic]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Bye", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_line_answer_between_fences_is_one_answer()
    {
        var stdin = "practice conflict\n\"\"\"\nMy manager wanted to freeze all changes before the holidays.\n\nI had to keep our planned failover upgrade.\n\nI wrote a one-page risk comparison and we agreed on a smaller window.\n\nThe upgrade shipped and we had zero incidents over the peak.\n\"\"\"\ndone\n";

        var result = await StarBotProcess.RunAsync(["chat", "--user", "kim"], stdin: stdin);

        Assert.Equal(1, CountOf(result.Stdout, "== Feedback for kim =="));
        Assert.Contains("kim covered", result.Stdout, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string marker) => (text.Length - text.Replace(marker, "", StringComparison.Ordinal).Length) / marker.Length;
}
