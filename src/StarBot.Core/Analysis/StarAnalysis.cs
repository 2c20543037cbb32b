using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Analysis;

/// <summary>What the analyzer found for one STAR part.</summary>
/// <param name="Status">Present, weak (there, but thin) or missing.</param>
/// <param name="Confidence">How sure the analyzer is of that status, 0 to 1.</param>
/// <param name="Evidence">The sentences of the answer that show the part, in the answer's order.</param>
/// <param name="Doubtful">Weak because the analyzer is unsure the part is there at all (not because it is short).</param>
public sealed record PartAnalysis(PartStatus Status, double Confidence, IReadOnlyList<string> Evidence, bool Doubtful = false);

/// <summary>The qualities the coaching tips ask for.</summary>
/// <param name="Quantified">The result has a number: a count, percentage, amount of money or time.</param>
/// <param name="Ownership">Share of first-person singular among "I" and "we" words in the actions (1 when neither is used).</param>
/// <param name="Reflection">The answer says what was learned or would be done differently.</param>
/// <param name="Credit">The answer gives credit to other people.</param>
/// <param name="Words">Number of words.</param>
/// <param name="IWords">"I", "me", "my" in the actions.</param>
/// <param name="WeWords">"we", "us", "our" in the actions.</param>
public sealed record AnswerSignals(bool Quantified, double Ownership, bool Reflection, bool Credit, int Words, int IWords, int WeWords)
{
    /// <summary>Below this a spoken answer is far too short (well under a minute).</summary>
    public const int TooShortWords = 80;

    /// <summary>Above this a spoken answer runs past four minutes.</summary>
    public const int TooLongWords = 600;

    public bool TooShort => Words < TooShortWords;

    public bool TooLong => Words > TooLongWords;
}

public sealed record StarAnalysis(IReadOnlyDictionary<StarPart, PartAnalysis> Parts, AnswerSignals Signals, IReadOnlyList<string> Feedback)
{
    public IReadOnlyList<StarPart> Missing => [.. Parts.Where(p => p.Value.Status == PartStatus.Missing).Select(p => p.Key).Order()];

    public bool IsComplete => Parts.Values.All(p => p.Status != PartStatus.Missing);

    public PartAnalysis this[StarPart part] => Parts[part];
}

/// <summary>Reads an answer and says which STAR parts it has. Implementations must be deterministic and local.</summary>
public interface IStarAnalyzer
{
    StarAnalysis Analyze(string answer);
}

/// <summary>
/// Scores each segment of an answer for each STAR part. The seam where a better model (a larger trained
/// classifier, or an LLM) can replace or assist the bundled one without touching the rest of the analysis.
/// </summary>
public interface ISegmentScorer
{
    /// <summary>Fills <paramref name="probabilities"/> with one row of four probabilities (S, T, A, R) per segment.</summary>
    void Score(IReadOnlyList<Segment> segments, double[,] probabilities);
}
