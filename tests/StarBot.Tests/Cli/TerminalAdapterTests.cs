using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;
using StarBot.Terminal;
using StarBot.Testing;

namespace StarBot.Tests.Cli;

/// <summary>The terminal chat in-process: how its replies are laid out, and multi-line answers.</summary>
public sealed class TerminalAdapterTests
{
    private static readonly ContentLibrary Library = ContentLoader.Load(RepoPaths.Content).OrThrow();

    [Theory]
    [InlineData(40)]
    [InlineData(120)]
    public async Task Replies_wrap_at_word_boundaries_to_the_width(int width)
    {
        var wrapped = await ChatAsync("example conflict\nexample handling stress\n", width);
        var unwrapped = await ChatAsync("example conflict\nexample handling stress\n", int.MaxValue);

        Assert.All(wrapped.Split('\n'), line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        Assert.Equal(Words(unwrapped), Words(wrapped));
        Assert.True(wrapped.Split('\n').Length > unwrapped.Split('\n').Length);
    }

    [Fact]
    public async Task A_command_followed_by_a_fence_takes_the_lines_up_to_the_closing_fence()
    {
        var output = await ChatAsync("feedback \"\"\"\nMy manager wanted to freeze all changes before the holidays.\nI had to keep our planned failover upgrade.\nI wrote a one-page risk comparison and we agreed on a smaller window.\nThe upgrade shipped and we had zero incidents over the peak.\n\"\"\"\n", 100);

        Assert.Equal(1, Count(output, "== Feedback on your answer =="));
        Assert.DoesNotContain("I don't know", output, StringComparison.Ordinal);
        Assert.Contains("Result", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_question_in_the_terminal_says_how_to_answer_there()
    {
        var rounds = new InMemoryRoundStore();
        var coach = new Coach(Library, new StarAnalyzer(), rounds, new InMemoryScheduleStore(rounds, new InMemoryOutbox()), new InMemoryChannelSettingsStore(), TimeProvider.System);

        var (_, question) = (await coach.PrepareUnattendedRoundAsync(TerminalChat.Platform, TerminalChat.ConversationId, "conflict", default, threaded: false))!.Value;
        var text = PlainTextRenderer.Render(question);

        Assert.DoesNotContain("thread", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Type your answer", text, StringComparison.Ordinal);
        Assert.Contains("done", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_me_in_the_terminal_says_what_to_type_to_confirm_and_then_what_went()
    {
        var output = await ChatAsync("practice conflict\nI had to settle a dispute between two teams over a shared deadline, so I set up a joint planning session and we shipped on time.\nforget me\nforget me yes\nhistory\n", 200);

        Assert.Contains("(type: forget me yes)", output, StringComparison.Ordinal);
        Assert.Contains("Done: I deleted 1 answer", output, StringComparison.Ordinal);
        Assert.Contains("not answered a practice question yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_without_a_zone_takes_the_machines_zone_and_says_which()
    {
        var tokyo = await ChatAsync("schedule daily 09:00\n", 200, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var machine = await ChatAsync("schedule daily 09:00\n", 200);

        Assert.Contains("I took your time zone, Asia/Tokyo", tokyo, StringComparison.Ordinal);
        Assert.Contains("09:00 Asia/Tokyo, weekdays", tokyo, StringComparison.Ordinal);
        var local = TimeZoneInfo.Local.HasIanaId ? TimeZoneInfo.Local.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(TimeZoneInfo.Local.Id, out var iana) ? iana : "?";
        Assert.Contains($"I took your time zone, {local}", machine, StringComparison.Ordinal);
    }

    private static async Task<string> ChatAsync(string input, int width, TimeZoneInfo? zone = null)
    {
        var rounds = new InMemoryRoundStore();
        var coach = new Coach(Library, new StarAnalyzer(), rounds, new InMemoryScheduleStore(rounds, new InMemoryOutbox()), new InMemoryChannelSettingsStore(), TimeProvider.System);
        var output = new StringWriter();
        await new TerminalChat(coach, new StringReader(input), output, "kim", width: width, zone: zone).RunAsync(default);
        return output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string[] Words(string text) => text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static int Count(string text, string marker) => (text.Length - text.Replace(marker, "", StringComparison.Ordinal).Length) / marker.Length;
}
