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

    /// <summary>A person's own practice history: recent answers and the parts they most often leave out. Only ever shown to them.</summary>
    public static Reply History(ContentLibrary library, IReadOnlyList<(RoundAnswer Answer, string QuestionId)> history)
    {
        var blocks = new List<ReplyBlock>();
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

    private static string Covered(string userName, IReadOnlyDictionary<StarPart, PartStatus> parts)
    {
        var covered = Enum.GetValues<StarPart>().Where(p => parts[p] != PartStatus.Missing).ToList();
        var toAdd = Enum.GetValues<StarPart>().Where(p => parts[p] == PartStatus.Missing).ToList();
        var text = $"**{userName}** covered {(covered.Count == 0 ? "none of the parts yet" : string.Join(", ", covered))}";
        return toAdd.Count == 0 ? text + " - all four parts" : text + $"; next time add {string.Join(" and ", toAdd)}";
    }
}
