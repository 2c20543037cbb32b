using System.Globalization;
using StarBot.Core.Content;
using StarBot.Core.Conversation;

namespace StarBot.Core.Replies;

/// <summary>Replies about a person's own data: deleting it (<c>forget me</c>) and taking a copy (<c>history export</c>).</summary>
public static class PrivacyReplies
{
    public const string ConfirmCommand = "forget me yes";

    /// <summary>Answers per export message: each is one block or two, and a message holds at most 50 blocks on Slack.</summary>
    public const int AnswersPerExportMessage = 10;

    public static Reply ConfirmForget() => new()
    {
        Title = "Forget me?",
        Kind = ReplyKind.Notice,
        Visibility = ReplyVisibility.Private,
        Blocks =
        [
            new TextBlock("This deletes everything I keep about you on this platform: your practice answers (and so your history), the messages " +
                "of yours I still keep, and the replies to you. Rounds and schedules you started stay, without your name. Round summaries " +
                "already posted stay in their channels. This cannot be undone."),
            new TextBlock($"To go ahead, say **{ConfirmCommand}**. Want a copy first? Say **history export**."),
        ],
        Buttons = [new ReplyButton("Yes, forget me", ConfirmCommand)],
    };

    public static Reply Forgotten(ForgetReport report)
    {
        if (report.Nothing)
        {
            return RoundReplies.Notice("I keep nothing about you here, so there was nothing to delete.");
        }

        var deleted = new List<string>();
        Add(deleted, report.Answers, "answer", "answers", " (your practice history)");
        Add(deleted, report.InboxEvents, "message of yours", "messages of yours", "");
        Add(deleted, report.OutboxMessages, "reply to you", "replies to you", "");
        Add(deleted, report.Chats, "stored address of your chat with me", "stored addresses of your chats with me", "");
        var unnamed = new List<string>();
        Add(unnamed, report.RoundsStarted, "practice round you started", "practice rounds you started", "");
        Add(unnamed, report.Schedules, "question-of-the-day schedule you set", "question-of-the-day schedules you set", "");
        var text = deleted.Count == 0 ? "Done." : $"Done: I deleted {JoinAnd(deleted)}.";
        if (unnamed.Count > 0)
        {
            text += $" {Capitalise(JoinAnd(unnamed))} no longer name{(report.RoundsStarted + report.Schedules == 1 ? "s" : "")} you.";
        }

        return RoundReplies.Notice(text + " Round summaries already posted stay in their channels; delete those messages there if you want them gone.");
    }

    /// <summary>
    /// The person's answers, oldest first, as Markdown: the question, the date, what they wrote and which parts it
    /// covered. Split over several messages when there are many, since platforms cap a message's size.
    /// </summary>
    public static IReadOnlyList<Reply> Export(ContentLibrary library, IReadOnlyList<(RoundAnswer Answer, string QuestionId)> history)
    {
        if (history.Count == 0)
        {
            return [RoundReplies.Notice("You have no practice answers with me yet, so there is nothing to export. Start a round with **practice**.")];
        }

        var oldestFirst = history.Reverse().ToList();
        var parts = oldestFirst.Chunk(AnswersPerExportMessage).ToList();
        return [.. parts.Select((chunk, i) => new Reply
        {
            Title = parts.Count == 1 ? "Your practice answers" : $"Your practice answers ({i + 1} of {parts.Count})",
            Kind = ReplyKind.Info,
            Visibility = ReplyVisibility.Private,
            Blocks = [.. chunk.Select(h => (ReplyBlock)new TextBlock(
                $"{h.Answer.Text}\n_Covered: {Covered(h.Answer.Parts)}_",
                $"{h.Answer.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} - {library.FindQuestion(h.QuestionId)?.Text ?? h.QuestionId}"))],
        })];
    }

    private static string Covered(IReadOnlyDictionary<StarPart, PartStatus> parts)
    {
        var covered = Enum.GetValues<StarPart>().Where(p => parts.TryGetValue(p, out var s) && s != PartStatus.Missing).ToList();
        return covered.Count == 0 ? "none of the parts" : string.Join(", ", covered);
    }

    private static void Add(List<string> list, int count, string one, string many, string note)
    {
        if (count > 0)
        {
            list.Add($"{count} {(count == 1 ? one : many)}{note}");
        }
    }

    private static string JoinAnd(List<string> items) => items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
