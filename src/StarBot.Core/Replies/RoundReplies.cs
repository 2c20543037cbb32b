using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Conversation;

namespace StarBot.Core.Replies;

/// <summary>Replies of the coaching conversation: help, questions, practice rounds and their summaries.</summary>
public static class RoundReplies
{
    public static Reply Help(string? intro = null) => new()
    {
        Title = "StarBot",
        Kind = ReplyKind.Help,
        Visibility = ReplyVisibility.Private,
        Blocks =
        [
            new TextBlock(intro ?? "I help you practise behavioural interview answers with the STAR method: **S**ituation, **T**ask, **A**ction, **R**esult."),
            new ListBlock("Commands", [.. ChatCommand.All.Select(c => $"**{c.Usage}** - {c.Help}")]),
        ],
        Buttons = [new ReplyButton("Start a practice round", "practice"), new ReplyButton("Show topics", "topics")],
    };

    public static Reply Notice(string text, ReplyVisibility visibility = ReplyVisibility.Private) => new()
    {
        Title = "StarBot",
        Kind = ReplyKind.Notice,
        Visibility = visibility,
        Blocks = [new TextBlock(text)],
    };

    public static Reply Question(ContentLibrary library, Question question) => new()
    {
        Title = "Practice question",
        Kind = ReplyKind.Question,
        Blocks =
        [
            new TextBlock($"**{question.Text}**", library.CompetencyOf(question).Name),
            .. library.TipsFor(question) is { Count: > 0 } tips ? new[] { new ListBlock("Tips", [.. tips.Take(3).Select(ContentReplies.FormatTip)]) } : [],
        ],
        Buttons =
        [
            new ReplyButton("Practise this question", $"practice {question.Id}"),
            .. question.Example is null ? [] : new[] { new ReplyButton("Show the example answer", $"example {question.Id}") },
            new ReplyButton("Another question", $"question {question.CompetencyId}"),
        ],
    };

    public static Reply RoundQuestion(ContentLibrary library, Round round, Question question, bool threaded) => new()
    {
        Title = "Practice round",
        Kind = ReplyKind.Question,
        Placement = threaded ? ReplyPlacement.NewPost : ReplyPlacement.Thread,
        RoundId = round.Id,
        Blocks =
        [
            new TextBlock($"**{question.Text}**", library.CompetencyOf(question).Name),
            new TextBlock(threaded
                ? "Answer in this thread, as you would say it in an interview: the Situation, your Task, the Actions you took and the Result. Everyone can answer; each answer gets feedback. Say **done** here to close the round."
                : "Type your answer as you would say it in an interview: the Situation, your Task, the Actions you took and the Result. Say **done** to close the round."),
        ],
        Buttons =
        [
            .. question.Example is null ? [] : new[] { new ReplyButton("Show the example answer", $"example {question.Id}") },
            new ReplyButton("Close round", "done"),
        ],
    };

    /// <param name="together">On a follow-up: what the person's answers in this round cover together.</param>
    public static Reply AnswerFeedback(StarAnalysis analysis, string userName, IReadOnlyDictionary<StarPart, PartStatus>? together = null)
    {
        var reply = AnalysisReplies.Feedback(analysis, $"Feedback for {userName}");
        if (together is not null)
        {
            var has = Enum.GetValues<StarPart>().Where(p => together[p] != PartStatus.Missing).ToList();
            var toAdd = Enum.GetValues<StarPart>().Where(p => together[p] == PartStatus.Missing).ToList();
            var text = "Together with what you said before, this round now has " + (has.Count == 0 ? "none of the parts yet" : JoinAnd(has))
                + (toAdd.Count == 0 ? ": all four parts." : $"; still to add: {JoinAnd(toAdd)}.");
            reply = reply with { Blocks = [.. reply.Blocks, new TextBlock(text, "Your answers so far")] };
        }

        return reply with { Buttons = [new ReplyButton("Close round", "done")] };
    }

    private static string JoinAnd(IReadOnlyList<StarPart> parts) =>
        parts.Count == 1 ? parts[0].ToString() : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];

    /// <summary>
    /// The round's summary: who took part and which parts each covered, in neutral words and without scores, then
    /// the example answer to compare with.
    /// </summary>
    public static Reply Summary(ContentLibrary library, Question? question, IReadOnlyList<RoundAnswer> answers)
    {
        var blocks = new List<ReplyBlock>();
        if (question is not null)
        {
            blocks.Add(new TextBlock($"**{question.Text}**"));
        }

        // A person's answers count together: a follow-up adds to what they said before, it does not replace it.
        var people = answers.GroupBy(a => a.UserId).Select(g => (Name: g.Last().UserName, Parts: RoundAnswer.Together(g))).ToList();
        if (people.Count == 0)
        {
            blocks.Add(new TextBlock("Nobody answered this time. Try another question with **practice**."));
        }
        else
        {
            blocks.Add(new ListBlock($"Thanks to everyone who answered ({people.Count})", [.. people.Select(p => Covered(p.Name, p.Parts))]));
        }

        if (question?.Example is { } example)
        {
            blocks.Add(new TextBlock("Compare your answer with this example:", "Example answer"));
            blocks.AddRange(Enum.GetValues<StarPart>().Where(p => example[p] is not null).Select(p => new PartBlock(p, example[p]!)));
        }

        return new Reply
        {
            Title = "Round closed",
            Kind = ReplyKind.Summary,
            Blocks = blocks,
            Buttons = [new ReplyButton("Another round", question is null ? "practice" : $"practice {question.CompetencyId}")],
        };
    }

    /// <summary>
    /// A daily round's reminder: how many have answered and how long is left, inviting the rest. It names nobody: a
    /// reminder that listed who has not answered would single people out in front of their team.
    /// </summary>
    public static Reply Reminder(int answered, TimeSpan left) => new()
    {
        Title = "Reminder",
        Kind = ReplyKind.Notice,
        Blocks =
        [
            new TextBlock(answered switch
            {
                0 => "Nobody has answered this question yet.",
                1 => "1 person has answered this question so far.",
                _ => $"{answered} people have answered this question so far.",
            } + $" If you haven't yet, there is still time: the round closes in about {Left(left)}. " +
                "Answer here in the thread and you'll get feedback on each STAR part."),
        ],
    };

    private static string Left(TimeSpan left) =>
        left >= TimeSpan.FromMinutes(90) ? $"{(int)Math.Round(left.TotalHours)} hours" : $"{Math.Max(1, (int)Math.Round(left.TotalMinutes))} minutes";

    /// <summary>How many recent answers the history lists one by one.</summary>
    public const int HistoryListed = 10;

    /// <summary>How many recent answers the per-part counts are over: enough to mean something, recent enough to show change.</summary>
    public const int HistoryCounted = 20;

    /// <summary>
    /// A person's own practice history, newest first: recent answers, how often each part was covered, this month
    /// against the last, the days-in-a-row streak, and the parts most often left out. Only ever shown to them.
    /// </summary>
    public static Reply History(ContentLibrary library, IReadOnlyList<(RoundAnswer Answer, string QuestionId)> all, DateTimeOffset now)
    {
        var blocks = new List<ReplyBlock>();
        var history = all.Take(HistoryListed).ToList();
        if (history.Count == 0)
        {
            blocks.Add(new TextBlock("You have not answered a practice question yet. Start a round and your answers will show up here."));
        }
        else
        {
            blocks.Add(new ListBlock("Your recent answers", [.. history.Select(h =>
                $"{h.Answer.At:d MMM yyyy}: {library.FindQuestion(h.QuestionId)?.Text ?? h.QuestionId} - {Covered(h.Answer.UserName, h.Answer.Parts).Split(" covered ", 2)[1]}")]));
            var missing = Enum.GetValues<StarPart>()
                .Select(p => (Part: p, Count: history.Count(h => h.Answer.Parts[p] == PartStatus.Missing)))
                .Where(x => x.Count > 0)
                .OrderByDescending(x => x.Count)
                .ToList();
            blocks.Add(new TextBlock(missing.Count == 0
                ? "You covered all four STAR parts in every answer. Keep adding numbers to your results."
                : "Parts you most often leave out: " + string.Join(", ", missing.Select(m => $"**{m.Part}** ({m.Count} of {history.Count} answers)")) + ".", "What to work on"));
            blocks.AddRange(Progress(all, now));
        }

        return new Reply
        {
            Title = "Your practice",
            Kind = ReplyKind.Info,
            Visibility = ReplyVisibility.Private,
            Blocks = blocks,
            Buttons = [new ReplyButton("Practise now", "practice")],
        };
    }

    private static IEnumerable<ReplyBlock> Progress(IReadOnlyList<(RoundAnswer Answer, string QuestionId)> all, DateTimeOffset now)
    {
        var counted = all.Take(HistoryCounted).Select(h => h.Answer).ToList();
        yield return new ListBlock($"How often you covered each part (your last {counted.Count} answer{(counted.Count == 1 ? "" : "s")})",
            [.. Enum.GetValues<StarPart>().Select(p => $"**{p}**: {counted.Count(a => IsCovered(a, p))} of {counted.Count}")]);

        // Calendar months and days in UTC: the history has no time zone of the person's, and a day's edge off by a few
        // hours moves a streak less than a wrong zone guessed for everyone would.
        var thisMonth = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        var lastMonth = thisMonth.AddMonths(-1);
        var inThis = all.Where(h => Day(h.Answer) >= thisMonth).Select(h => h.Answer).ToList();
        var inLast = all.Where(h => Day(h.Answer) >= lastMonth && Day(h.Answer) < thisMonth).Select(h => h.Answer).ToList();
        var trend = (inThis.Count, inLast.Count) switch
        {
            (0, 0) => "No answers this month or last.",
            (0, var before) => $"No answers yet this month ({before} last month).",
            (_, 0) => $"This month you covered {Share(inThis)}% of the STAR parts ({inThis.Count} answer{(inThis.Count == 1 ? "" : "s")}); none last month to compare with.",
            _ when Share(inThis) == Share(inLast) => $"This month you covered {Share(inThis)}% of the STAR parts, the same as last month.",
            _ => $"This month you covered {Share(inThis)}% of the STAR parts, {(Share(inThis) > Share(inLast) ? "up" : "down")} from {Share(inLast)}% last month.",
        };
        yield return new TextBlock(trend, "This month and last");

        var days = all.Select(h => Day(h.Answer)).ToHashSet();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // A streak still counts on a day not yet practised: it ends only when a whole day passes without an answer.
        var end = days.Contains(today) ? today : today.AddDays(-1);
        var streak = 0;
        while (days.Contains(end.AddDays(-streak)))
        {
            streak++;
        }

        yield return new TextBlock(streak switch
        {
            0 => $"Your last practice was on {days.Max():d MMM yyyy}; answer a question to start a new streak.",
            _ when end == today => $"You practised {streak} day{(streak == 1 ? "" : "s")} in a row, up to today.",
            _ => $"You practised {streak} day{(streak == 1 ? "" : "s")} in a row, up to yesterday: answer today to keep it going.",
        }, "Streak");
    }

    private static bool IsCovered(RoundAnswer answer, StarPart part) => answer.Parts.TryGetValue(part, out var status) && status != PartStatus.Missing;

    /// <summary>The share of all the parts the answers could have covered that they did, in whole percent.</summary>
    private static int Share(IReadOnlyList<RoundAnswer> answers) =>
        (int)Math.Round(100.0 * answers.Sum(a => Enum.GetValues<StarPart>().Count(p => IsCovered(a, p))) / (answers.Count * 4));

    private static DateOnly Day(RoundAnswer answer) => DateOnly.FromDateTime(answer.At.UtcDateTime);

    private static string Covered(string userName, IReadOnlyDictionary<StarPart, PartStatus> parts)
    {
        var covered = Enum.GetValues<StarPart>().Where(p => parts[p] != PartStatus.Missing).ToList();
        var toAdd = Enum.GetValues<StarPart>().Where(p => parts[p] == PartStatus.Missing).ToList();
        var text = $"**{userName}** covered {(covered.Count == 0 ? "none of the parts yet" : string.Join(", ", covered))}";
        return toAdd.Count == 0 ? text + " - all four parts" : text + $"; next time add {string.Join(" and ", toAdd)}";
    }
}
