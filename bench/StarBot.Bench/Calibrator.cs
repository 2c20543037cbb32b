using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Bench;

/// <summary>
/// Fits the presence calibration on real answers: per part, the logistic regression over the calibration inputs,
/// then the "missing" cut-off that catches the most missing parts while keeping at least <see cref="Keep"/> of the
/// present parts of real answers present (calling a present part missing costs a person more than calling it
/// weak), and the "solid" cut-off above which a part is present without doubt. The written-for-purpose tuning
/// answers (the tuned sets and the content variants) join with a small weight, and their F1 counts beside the real
/// answers' in choosing the cut-off, so that clear answers with a part left out are still told so.
/// </summary>
public static class Calibrator
{
    /// <summary>Share of present parts that must stay present on the answers fitted on.</summary>
    public const double Keep = 0.97;

    /// <summary>The calibrated probability above which a part is called present without doubt.</summary>
    public const double SolidProbability = 0.6;

    /// <summary>Weight of all the written-for-purpose answers together, against 1 for all the real ones.</summary>
    public const double SyntheticShare = 0.25;

    public static PresenceCalibration Fit(StarModel model, IReadOnlyList<EvalItem> real, IReadOnlyList<EvalItem> synthetic, string corpusHash, string fittedOn, double keep = Keep)
        => Fit(Samples(model, real, synthetic), corpusHash, fittedOn, keep);

    /// <summary>One calibration sample: a part's inputs in one case, its truth, its weight, and whether a real person wrote the answer.</summary>
    public sealed record Sample(double[] Features, int Part, bool Present, double Weight, bool Real);

    /// <summary>
    /// The calibration inputs of <paramref name="model"/> on each case's unlabelled parts. An author with many answers
    /// should not outweigh the rest, so a real answer's weight falls with its author's share.
    /// </summary>
    public static List<Sample> Samples(StarModel model, IReadOnlyList<EvalItem> real, IReadOnlyList<EvalItem> synthetic)
    {
        var raw = new StarAnalyzer(model, PresenceCalibration.Identity(""));
        var perAuthor = real.GroupBy(i => i.Author).ToDictionary(g => g.Key, g => g.Count());
        var samples = new List<Sample>();
        foreach (var item in real.Concat(synthetic))
        {
            var scored = raw.Score(item.Text);
            var isReal = perAuthor.ContainsKey(item.Author);
            var weight = isReal ? 1 / Math.Sqrt(perAuthor[item.Author]) : 1;
            foreach (var (part, present) in item.Present)
            {
                if (!scored.Labelled[(int)part])
                {
                    samples.Add(new Sample(scored.CalibrationFeatures[(int)part], (int)part, present, weight, isReal));
                }
            }
        }

        return samples;
    }

    public static PresenceCalibration Fit(IReadOnlyList<Sample> samples, string corpusHash, string fittedOn, double keep = Keep)
    {
        var realWeight = samples.Where(s => s.Real).Sum(s => s.Weight);
        var syntheticWeight = samples.Where(s => !s.Real).Sum(s => s.Weight);
        var scale = syntheticWeight == 0 ? 0 : SyntheticShare * realWeight / syntheticWeight;
        var weights = PresenceCalibration.FitWeights([.. samples.Select(s => (s.Features, s.Part, s.Present, s.Real ? s.Weight : s.Weight * scale))]);
        var missing = new double[4];
        var solid = new double[4];
        var fitted = new PresenceCalibration { Weights = weights, Missing = missing, Solid = solid, CorpusHash = corpusHash };
        for (var part = 0; part < 4; part++)
        {
            var scores = samples.Where(s => s.Part == part).Select(s => (P: fitted.Probability(part, s.Features), s.Present, s.Real)).ToList();
            missing[part] = MissingCutOff(scores, keep);
            solid[part] = Math.Max(missing[part], SolidProbability);
        }

        return new PresenceCalibration { Weights = weights, Missing = missing, Solid = solid, CorpusHash = corpusHash, FittedOn = fittedOn };
    }

    /// <summary>
    /// The cut-off with the best F1 for "missing" (real and written-for-purpose answers' F1 added) among those that
    /// keep <see cref="Keep"/> of the real answers' present parts.
    /// </summary>
    private static double MissingCutOff(List<(double P, bool Present, bool Real)> scores, double keep)
    {
        var realPresent = scores.Count(s => s.Present && s.Real);
        var best = (F1: -1.0, T: 0.0);
        foreach (var t in scores.Select(s => s.P).Append(0).Distinct().Order())
        {
            var cut = t + 1e-9;
            var realFalseAlarms = scores.Count(s => s.Real && s.Present && s.P < cut);
            if (realPresent > 0 && 1 - (realFalseAlarms / (double)realPresent) < keep)
            {
                break;
            }

            var f1 = F1(scores.Where(s => s.Real), cut) + F1(scores.Where(s => !s.Real), cut);
            if (f1 > best.F1)
            {
                best = (f1, cut);
            }
        }

        return best.T;
    }

    private static double F1(IEnumerable<(double P, bool Present, bool Real)> scores, double cut)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (p, present, _) in scores)
        {
            tp += p < cut && !present ? 1 : 0;
            fp += p < cut && present ? 1 : 0;
            fn += p >= cut && !present ? 1 : 0;
        }

        return tp == 0 ? 0 : 2.0 * tp / ((2 * tp) + fp + fn);
    }
}
