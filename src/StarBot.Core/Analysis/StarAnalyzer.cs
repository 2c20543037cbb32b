using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Analysis;

/// <summary>
/// Thresholds that turn presence probabilities into verdicts, one per part (S, T, A, R). Tuned with
/// <c>bench eval --tune</c> on the tuned sets of chat answers only, never on the held-out sets.
/// </summary>
public sealed record AnalyzerThresholds
{
    /// <summary>A part is there (present or weak) when its presence probability reaches this.</summary>
    public double[] Present { get; init; } = [0.50, 0.40, 0.60, 0.50];

    /// <summary>A part that is there but below this presence probability is "weak".</summary>
    public double Solid { get; init; } = 0.75;

    /// <summary>Evidence with fewer words than this is "weak".</summary>
    public int WeakWords { get; init; } = 5;
}

/// <summary>An answer split and scored, before thresholds turn it into verdicts.</summary>
internal sealed record ScoredAnswer(List<Segment> Segments, double[,] Probabilities, int[] Path, double[] Presence);

/// <summary>
/// The STAR analyzer: splits an answer into segments, scores each for each part, decodes the most likely
/// ordering of parts (answers mostly run S, T, A, R but may loop back), decides per part whether the answer has it,
/// and derives the evidence, signals and feedback.
/// </summary>
public sealed class StarAnalyzer(ISegmentScorer scorer, PresenceModel presence, AnalyzerThresholds? thresholds = null) : IStarAnalyzer
{
    private const int Parts = 4;

    /// <summary>A writer's own label ("Task:") stands for this probability of that part.</summary>
    private const double LabelProbability = 0.99;

    /// <summary>What remains of the model's belief in other parts for a labelled segment: a Result told under "Action:" still counts.</summary>
    private const double UnlabelledShare = 0.1;

    private readonly AnalyzerThresholds _thresholds = thresholds ?? new AnalyzerThresholds();

    public StarAnalyzer()
        : this(StarModel.Default)
    {
    }

    public StarAnalyzer(StarModel model, AnalyzerThresholds? thresholds = null)
        : this(new TrainedSegmentScorer(model.Sentences), model.Presence, thresholds)
    {
    }

    public StarAnalysis Analyze(string answer)
    {
        var scored = Score(answer ?? "");
        var parts = Judge(scored, _thresholds);
        var signals = AnswerSignalReader.Read(answer ?? "", parts);
        var analysis = new StarAnalysis(parts, signals, []);
        return analysis with { Feedback = FeedbackWriter.Write(analysis) };
    }

    internal ScoredAnswer Score(string answer)
    {
        var segments = AnswerSegmenter.Split(answer);
        var n = segments.Count;
        var probabilities = new double[n, Parts];
        scorer.Score(segments, probabilities);
        for (var i = 0; i < n; i++)
        {
            if (segments[i].Label is { } label)
            {
                for (var k = 0; k < Parts; k++)
                {
                    probabilities[i, k] = k == (int)label ? LabelProbability : probabilities[i, k] * UnlabelledShare;
                }
            }
        }

        var path = PartSequenceDecoder.Decode(probabilities, n);
        var presenceByPart = new double[Parts];
        Span<double> features = stackalloc double[PresenceModel.FeatureCount];
        for (var k = 0; k < Parts; k++)
        {
            PresenceModel.Features(probabilities, path, n, k, features);
            presenceByPart[k] = n == 0 ? 0 : presence.Probability(k, features);
        }

        // The writer's own labels are authoritative for the parts they name.
        foreach (var segment in segments)
        {
            if (segment.Label is { } label)
            {
                presenceByPart[(int)label] = Math.Max(presenceByPart[(int)label], LabelProbability);
            }
        }

        return new ScoredAnswer(segments, probabilities, path, presenceByPart);
    }

    internal static Dictionary<StarPart, PartAnalysis> Judge(ScoredAnswer scored, AnalyzerThresholds thresholds)
    {
        var parts = new Dictionary<StarPart, PartAnalysis>();
        foreach (var part in Enum.GetValues<StarPart>())
        {
            var k = (int)part;
            var probability = scored.Presence[k];
            if (probability < thresholds.Present[k])
            {
                parts[part] = new PartAnalysis(PartStatus.Missing, Math.Round(1 - probability, 2), []);
                continue;
            }

            var evidence = Evidence(scored, k);
            var words = evidence.Sum(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            var weak = probability < thresholds.Solid || words < thresholds.WeakWords;
            parts[part] = new PartAnalysis(weak ? PartStatus.Weak : PartStatus.Present, Math.Round(probability, 2), evidence);
        }

        return parts;
    }

    /// <summary>The segments decoded as the part; failing that, the one segment that looks most like it.</summary>
    private static List<string> Evidence(ScoredAnswer scored, int k)
    {
        var evidence = new List<string>();
        var best = -1;
        for (var i = 0; i < scored.Segments.Count; i++)
        {
            if (scored.Path[i] == k)
            {
                evidence.Add(scored.Segments[i].Text);
            }

            if (best < 0 || scored.Probabilities[i, k] > scored.Probabilities[best, k])
            {
                best = i;
            }
        }

        if (evidence.Count == 0 && best >= 0)
        {
            evidence.Add(scored.Segments[best].Text);
        }

        return evidence;
    }
}
