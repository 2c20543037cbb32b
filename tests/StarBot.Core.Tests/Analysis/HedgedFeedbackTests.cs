using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Tests.Analysis;

/// <summary>The feedback's certainty matches the analyzer's: absent, perhaps there, or there but thin.</summary>
public sealed class HedgedFeedbackTests
{
    private static readonly AnswerSignals Signals = new(Quantified: true, Ownership: 1, Reflection: true, Credit: true, Words: 250, IWords: 5, WeWords: 0);

    private static StarAnalysis With(StarPart part, PartAnalysis analysis)
    {
        var parts = Enum.GetValues<StarPart>().ToDictionary(p => p, p => p == part ? analysis : new PartAnalysis(PartStatus.Present, 0.95, [$"A clear {p} sentence of several words."]));
        return new StarAnalysis(parts, Signals, []);
    }

    [Fact]
    public void A_doubtful_part_is_asked_for_with_doubt_not_declared_absent()
    {
        var feedback = FeedbackWriter.Write(With(StarPart.Result, new PartAnalysis(PartStatus.Weak, 0.3, ["the team moved on to the next project"], Doubtful: true)));

        var item = Assert.Single(feedback, f => f.Contains("result", StringComparison.Ordinal));
        Assert.StartsWith("I couldn't clearly find your result - if it's there, make it explicit:", item, StringComparison.Ordinal);
        Assert.DoesNotContain(feedback, f => f.Contains("stops before the outcome", StringComparison.Ordinal));
    }

    [Fact]
    public void A_thin_part_is_quoted_and_called_thin()
    {
        var feedback = FeedbackWriter.Write(With(StarPart.Task, new PartAnalysis(PartStatus.Weak, 0.9, ["Fix it."])));

        Assert.Contains("Your task - \"Fix it\" - is thin:", feedback[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_part_is_named_as_missing()
    {
        var feedback = FeedbackWriter.Write(With(StarPart.Result, new PartAnalysis(PartStatus.Missing, 0.9, [])));

        Assert.StartsWith("Your answer stops before the outcome.", feedback[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_doubted_part_does_not_quote_a_sentence_read_as_another_part()
    {
        var analysis = new StarAnalyzer().Analyze(
            "- Separated analytical computation (Hive) from search serving (Elasticsearch)\n  so each layer optimized independently\n" +
            "- Designed Map-based schema translation layer between Hive outputs and\n  Elasticsearch indices\n" +
            "- Reduced batch time from 2.5 hours to 1.5 hours");

        var situation = analysis[StarPart.Situation];
        Assert.Equal(PartStatus.Weak, situation.Status);
        Assert.True(situation.Doubtful);
        Assert.Empty(situation.Evidence);
        Assert.Contains(analysis.Feedback, f => f.StartsWith("I couldn't clearly find your situation", StringComparison.Ordinal));
        Assert.StartsWith("Separated analytical computation", analysis[StarPart.Action].Evidence[0], StringComparison.Ordinal);
    }
}
