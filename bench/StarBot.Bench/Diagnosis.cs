using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Bench;

/// <summary>
/// Where the analyzer's inputs fail on real answers: per part, how well each calibration input separates present
/// from missing parts (AUC, 0.5 = no better than chance), and the sentence model's per-segment confusion on the
/// real sections (each segment taking its section's heading as its truth, which is right most of the time).
/// </summary>
public static class Diagnosis
{
    public static void Run(StarModel model, IReadOnlyList<EvalItem> cases, IReadOnlyList<RealAnswer> answers)
    {
        var raw = new StarAnalyzer(model, PresenceCalibration.Identity(TrainingCorpus.Hash()));
        var names = new[] { "presence model", "strongest segment", "cue phrase", "length", "need", "share" };
        var samples = cases.SelectMany(c =>
        {
            var scored = raw.Score(c.Text);
            return c.Present.Select(p => (Part: (int)p.Key, p.Value, Features: scored.CalibrationFeatures[(int)p.Key]));
        }).ToList();
        for (var part = 0; part < 4; part++)
        {
            var mine = samples.Where(s => s.Part == part).ToList();
            Console.WriteLine($"{(StarPart)part,-10} AUC " + string.Join("  ", names.Select((n, f) => $"{n} {Auc(mine.Select(s => (s.Features[f], s.Value)).ToList()):F3}")));
        }

        var confusion = new int[4, 5];
        Confuse(model, answers, confusion);
        PrintConfusion(confusion);
    }

    /// <summary>Adds the sentence model's per-segment verdicts on the answers' sections to <paramref name="confusion"/> (truth x predicted, "other" last).</summary>
    public static void Confuse(StarModel model, IReadOnlyList<RealAnswer> answers, int[,] confusion)
    {
        var scorer = new TrainedSegmentScorer(model.Sentences);
        foreach (var answer in answers)
        {
            var segments = new List<(Segment Segment, int Part)>();
            foreach (var part in Enum.GetValues<StarPart>().Where(p => answer.Holds[p]))
            {
                segments.AddRange(AnswerSegmenter.Split(answer.Parts[part]).Select(s => (s with { Label = null }, (int)part)));
            }

            var p = new double[segments.Count, 4];
            scorer.Score(segments.Select(s => s.Segment).ToList(), p);
            for (var i = 0; i < segments.Count; i++)
            {
                var best = Enumerable.Range(0, 4).MaxBy(k => p[i, k]);
                var other = 1 - Enumerable.Range(0, 4).Sum(k => p[i, k]);
                var predicted = other > p[i, best] ? 4 : best;
                confusion[segments[i].Part, predicted]++;
                if (Show is { } show && predicted != segments[i].Part)
                {
                    show.WriteLine($"{"STAR"[segments[i].Part]}->{"STARo"[predicted]} {answer.Id}: {segments[i].Segment.Text}");
                }
            }
        }
    }

    /// <summary>Where to list each misread segment (truth->predicted, answer, text); none when null.</summary>
    public static TextWriter? Show { get; set; }

    public static void PrintConfusion(int[,] confusion)
    {
        Console.WriteLine("segments: truth \\ predicted   S     T     A     R   other  recall");
        for (var t = 0; t < 4; t++)
        {
            var row = Enumerable.Range(0, 5).Select(k => confusion[t, k]).ToArray();
            Console.WriteLine($"{(StarPart)t,-28} {string.Join(" ", row.Select(v => $"{v,5}"))}  {row[t] / (double)row.Sum():F2}");
        }
    }

    /// <summary>Probability that a present part scores above a missing one (ties count half).</summary>
    public static double Auc(List<(double Score, bool Present)> items)
    {
        var present = items.Where(i => i.Present).Select(i => i.Score).ToList();
        var missing = items.Where(i => !i.Present).Select(i => i.Score).ToList();
        if (present.Count == 0 || missing.Count == 0)
        {
            return double.NaN;
        }

        double wins = 0;
        foreach (var p in present)
        {
            foreach (var m in missing)
            {
                wins += p > m ? 1 : p == m ? 0.5 : 0;
            }
        }

        return wins / (present.Count * (double)missing.Count);
    }
}
