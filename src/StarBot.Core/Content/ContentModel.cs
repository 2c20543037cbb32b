namespace StarBot.Core.Content;

/// <summary>The four parts of a STAR answer, in the order a good answer tells them.</summary>
public enum StarPart
{
    Situation,
    Task,
    Action,
    Result,
}

public sealed record Tip(string Title, string Text)
{
    public override string ToString() => Title.Length == 0 ? Text : $"{Title} - {Text}";
}

/// <summary>A group of questions that probe one ability, with the tips that apply to all of them.</summary>
public sealed record Competency(string Id, string Name, string Description, IReadOnlyList<Tip> Tips, string SourcePath);

/// <summary>A model answer, one text per STAR part (a part the author left out is null).</summary>
public sealed record ExampleAnswer(string? Situation, string? Task, string? Action, string? Result)
{
    public string? this[StarPart part] => part switch
    {
        StarPart.Situation => Situation,
        StarPart.Task => Task,
        StarPart.Action => Action,
        StarPart.Result => Result,
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public bool IsComplete => Situation is not null && Task is not null && Action is not null && Result is not null;
}

public sealed record Question(
    string Id,
    string CompetencyId,
    string Text,
    IReadOnlyList<string> Tags,
    string? Role,
    ExampleAnswer? Example,
    IReadOnlyList<Tip> Tips,
    string SourcePath);

/// <summary>Everything under <c>content/</c>, validated.</summary>
public sealed class ContentLibrary
{
    private readonly Dictionary<string, Question> _questionsById;
    private readonly Dictionary<string, Competency> _competenciesById;

    public ContentLibrary(IReadOnlyList<Competency> competencies, IReadOnlyList<Question> questions)
    {
        Competencies = competencies;
        Questions = questions;
        _questionsById = questions.ToDictionary(q => q.Id, StringComparer.OrdinalIgnoreCase);
        _competenciesById = competencies.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Competency> Competencies { get; }

    public IReadOnlyList<Question> Questions { get; }

    public Question? FindQuestion(string id) => _questionsById.GetValueOrDefault(id);

    public Competency? FindCompetency(string id) => _competenciesById.GetValueOrDefault(id);

    public Competency CompetencyOf(Question question) => _competenciesById[question.CompetencyId];

    public IEnumerable<Question> QuestionsIn(string competencyId) =>
        Questions.Where(q => string.Equals(q.CompetencyId, competencyId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Tips for a question: its own first, then its competency's.</summary>
    public IReadOnlyList<Tip> TipsFor(Question question) => [.. question.Tips, .. CompetencyOf(question).Tips];
}
