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

/// <summary>The terminal as one channel: a question of the day scheduled there appears while the chat runs.</summary>
public sealed class TerminalScheduleTests
{
    [Fact]
    public async Task A_scheduled_question_appears_in_the_running_chat_and_opens_a_round_anyone_can_close()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 59, 30, TimeSpan.Zero));
        var library = StarBot.Core.Content.ContentLoader.Load(RepoPaths.Content).OrThrow();
        var rounds = new StarBot.Core.Conversation.InMemoryRoundStore();
        var outbox = new StarBot.Core.Messaging.InMemoryOutbox();
        var schedules = new StarBot.Core.Scheduling.InMemoryScheduleStore(rounds, outbox);
        var coach = new StarBot.Core.Conversation.Coach(library, new StarBot.Core.Analysis.StarAnalyzer(), rounds, schedules, new StarBot.Core.Conversation.InMemoryChannelSettingsStore(), clock);
        var poster = new StarBot.Core.Scheduling.DailyQuestionPoster(coach, schedules, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<StarBot.Core.Scheduling.DailyQuestionPoster>.Instance, threaded: false);
        var input = new LineFeed();
        var output = new StringWriter();
        var synced = TextWriter.Synchronized(output);
        var chat = new StarBot.Terminal.TerminalChat(coach, input, synced, "kim", poster, outbox, clock, width: int.MaxValue).RunAsync(default);

        input.Send("schedule daily 09:00 UTC every day");
        await WaitFor(() => output.ToString().Contains("first is due Monday 30 November 2026 at 09:00 UTC", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(45));
        await WaitFor(() => output.ToString().Contains("== Practice round ==", StringComparison.Ordinal));
        input.Send("as sam: done");
        await WaitFor(() => output.ToString().Contains("== Round closed ==", StringComparison.Ordinal));
        input.Send("quit");
        await chat;

        Assert.Equal(1, (output.ToString().Length - output.ToString().Replace("== Practice round ==", "", StringComparison.Ordinal).Length) / "== Practice round ==".Length);
        // The terminal has no threads: the question says to type the answer here.
        Assert.DoesNotContain("Answer in this thread", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Type your answer", output.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    /// <summary>Standard input that a test types into line by line.</summary>
    private sealed class LineFeed : TextReader
    {
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = [];

        public void Send(string line) => _lines.Add(line);

        public override string? ReadLine() => _lines.Take();

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => new(Task.Run(() => (string?)_lines.Take(cancellationToken), cancellationToken));
    }
}
