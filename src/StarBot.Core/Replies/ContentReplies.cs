using StarBot.Core.Content;

namespace StarBot.Core.Replies;

/// <summary>Replies that show content: an example answer, a question, the list of topics.</summary>
public static class ContentReplies
{
    /// <param name="another">The command of the "Another example" button; by default, the question's competency.</param>
    public static Reply Example(ContentLibrary library, Question question, string? another = null)
    {
        var blocks = new List<ReplyBlock>
        {
            new TextBlock($"_{question.Text}_" + (question.Role is { } role ? $"\n{role} · {library.CompetencyOf(question).Name}" : "")),
        };
        if (question.Example is { } example)
        {
            blocks.AddRange(Enum.GetValues<StarPart>()
                .Where(p => example[p] is not null)
                .Select(p => new PartBlock(p, example[p]!)));
        }

        var tips = library.TipsFor(question);
        if (tips.Count > 0)
        {
            blocks.Add(new ListBlock("Tips", [.. tips.Select(FormatTip)]));
        }

        return new Reply
        {
            Title = "Example answer",
            Kind = ReplyKind.Example,
            Blocks = blocks,
            Buttons =
            [
                new ReplyButton("Practise this question", $"practice {question.Id}"),
                new ReplyButton("Another example", another ?? $"example {question.CompetencyId}"),
            ],
        };
    }

    public static Reply Topics(ContentLibrary library) => new()
    {
        Title = "Topics",
        Blocks =
        [
            new ListBlock("Competencies", [.. library.Competencies.Select(c =>
            {
                var questions = library.QuestionsIn(c.Id).ToList();
                return $"**{c.Id}** - {c.Name}: {questions.Count} questions, {questions.Count(q => q.Example is not null)} with an example answer";
            })]),
        ],
    };

    public static Reply QuestionList(IReadOnlyList<Question> questions, string? topic) => new()
    {
        Title = topic is null ? "Questions" : $"Questions on {topic}",
        Blocks = [new ListBlock($"{questions.Count} questions", [.. questions.Select(q => $"{q.Text} ({q.Id}{(q.Example is null ? "" : ", has example")})")])],
    };

    public static Reply NoMatch(string topic, IReadOnlyList<string> suggestions) => new()
    {
        Title = "No match",
        Kind = ReplyKind.Notice,
        Blocks =
        [
            new TextBlock($"I have nothing on \"{topic}\" yet."),
            new ListBlock("Try one of these", suggestions),
        ],
    };

    public static string FormatTip(Tip tip) => tip.Title.Length == 0 ? tip.Text : $"**{tip.Title}** - {tip.Text}";
}
