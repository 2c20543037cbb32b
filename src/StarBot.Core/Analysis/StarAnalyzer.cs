using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Analysis;

/// <summary>
/// An answer split and scored, before the calibration's cut-offs turn it into verdicts: per part, the calibration's
/// inputs and its probability (the writer's own label already counted in).
/// </summary>
internal sealed record ScoredAnswer(List<Segment> Segments, double[,] Probabilities, int[] Path, double[][] CalibrationFeatures, double[] Presence, bool[] Labelled);

/// <summary>
/// The STAR analyzer: splits an answer into segments, scores each for each part, decodes the most likely
/// ordering of parts (answers mostly run S, T, A, R but may loop back), decides per part whether the answer has it,
/// and derives the evidence, signals and feedback. "Missing" is said only when nothing in the answer could be the
/// part; a part that may be there on thin evidence is "weak", and the feedback says so with that doubt.
/// </summary>
public sealed class StarAnalyzer(ISegmentScorer scorer, PresenceModel presence, PresenceCalibration calibration) : IStarAnalyzer
{
    private const int Parts = 4;

    /// <summary>A writer's own label ("Task:") stands for this probability of that part.</summary>
    private const double LabelProbability = 0.99;

    /// <summary>What remains of the model's belief in other parts for a labelled segment: a Result told under "Action:" still counts.</summary>
    private const double UnlabelledShare = 0.1;

    /// <summary>A segment scored at least this for a part could be that part (see <see cref="CouldBe"/>).</summary>
    public const double CouldBeProbability = 0.2;

    /// <summary>Evidence with fewer words than this is "weak" however sure the part is.</summary>
    public const int WeakWords = 4;

    public StarAnalyzer()
        : this(StarModel.Default)
    {
    }

    public StarAnalyzer(StarModel model, PresenceCalibration? calibration = null)
        : this(new TrainedSegmentScorer(model.Sentences), model.Presence, calibration ?? model.Calibration)
    {
    }

    public StarAnalysis Analyze(string answer)
    {
        var scored = Score(answer ?? "");
        var parts = Judge(scored, calibration);
        var actions = Enumerable.Range(0, scored.Segments.Count)
            .Where(i => scored.Path[i] == (int)StarPart.Action || scored.Probabilities[i, (int)StarPart.Action] >= CouldBeProbability)
            .Select(i => scored.Segments[i].Text)
            .ToList();
        var signals = AnswerSignalReader.Read(answer ?? "", parts, actions);
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
        var calibrationFeatures = new double[Parts][];
        var presenceByPart = new double[Parts];
        var labelled = new bool[Parts];
        Span<double> features = stackalloc double[PresenceModel.FeatureCount];
        Span<double> need = stackalloc double[Parts];
        Span<double> share = stackalloc double[Parts];
        PartNeed.Measure(probabilities, segments, need, share);
        foreach (var segment in segments)
        {
            if (segment.Label is { } label)
            {
                labelled[(int)label] = true;
            }
        }

        for (var k = 0; k < Parts; k++)
        {
            PresenceModel.Features(probabilities, path, n, k, features);
            var raw = n == 0 ? 0 : presence.Probability(k, features);
            calibrationFeatures[k] = new double[PresenceCalibration.FeatureCount];
            PresenceCalibration.Features(raw, probabilities, segments, k, need[k], share[k], calibrationFeatures[k]);
            presenceByPart[k] = n == 0 ? 0 : calibration.Probability(k, calibrationFeatures[k]);
            // The writer's own labels are authoritative for the parts they name.
            presenceByPart[k] = labelled[k] ? Math.Max(presenceByPart[k], LabelProbability) : presenceByPart[k];
        }

        return new ScoredAnswer(segments, probabilities, path, calibrationFeatures, presenceByPart, labelled);
    }

    internal static Dictionary<StarPart, PartAnalysis> Judge(ScoredAnswer scored, PresenceCalibration calibration)
    {
        var parts = new Dictionary<StarPart, PartAnalysis>();
        foreach (var part in Enum.GetValues<StarPart>())
        {
            var k = (int)part;
            var probability = scored.Presence[k];
            if (probability < calibration.Missing[k] || (!scored.Labelled[k] && !CouldBe(scored, k)))
            {
                parts[part] = new PartAnalysis(PartStatus.Missing, Math.Round(1 - probability, 2), []);
                continue;
            }

            var doubtful = probability < calibration.Solid[k];
            var evidence = Evidence(scored, k, borrow: !doubtful);
            var words = evidence.Sum(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            var weak = doubtful || words < WeakWords;
            parts[part] = new PartAnalysis(weak ? PartStatus.Weak : PartStatus.Present, Math.Round(probability, 2), evidence, doubtful);
        }

        return parts;
    }

    /// <summary>
    /// Whether some segment could be the part: a part is "weak" (perhaps there) only on a segment that looks at least
    /// a little like it, never on one that is plainly another part ("I rewrote the script" is no Situation).
    /// </summary>
    private static bool CouldBe(ScoredAnswer scored, int k)
    {
        for (var i = 0; i < scored.Segments.Count; i++)
        {
            if (scored.Probabilities[i, k] >= CouldBeProbability)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The segments decoded as the part; failing that, when <paramref name="borrow"/>, the one segment that looks most
    /// like it. That segment was read as another part, so a doubted part does not borrow it: quoting the person's
    /// action as their "weak situation" confuses, and "I couldn't clearly find your situation" says enough.
    /// </summary>
    private static List<string> Evidence(ScoredAnswer scored, int k, bool borrow)
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

        if (evidence.Count == 0 && best >= 0 && borrow)
        {
            evidence.Add(scored.Segments[best].Text);
        }

        return evidence;
    }
}
