using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Bench;

/// <summary>
/// Grid search of the per-part thresholds on the tuning sets (content variants and the tuned half). Parts are
/// judged independently, so each part's pair of thresholds is searched on its own.
/// </summary>
public static class Tuning
{
    public static void Run(IReadOnlyList<(string Name, IReadOnlyList<EvalItem> Items)> sets, StarAnalyzer analyzer)
    {
        // Tuned on chat answers only (the tuned sets): the content variants are long, polished model answers, unlike
        // what people type, and thresholds fitted to them called present parts missing in chat answers. They are
        // still reported by eval, and the chosen thresholds' F1 on them is printed here.
        var scored = sets.Where(s => s.Name.StartsWith("tuned", StringComparison.Ordinal))
            .Select(s => (s.Name, Items: s.Items.Select(i => (Item: i, Scored: analyzer.Score(i.Text))).ToList()))
            .ToList();
        var content = sets.Where(s => s.Name.StartsWith("content", StringComparison.Ordinal)).SelectMany(s => s.Items).Select(i => (Item: i, Scored: analyzer.Score(i.Text))).ToList();
        // Kept near the calibrated middle: an extreme threshold fits two small sets and fails answers unlike them.
        var steps = Enumerable.Range(6, 9).Select(i => i * 0.05).ToArray();
        var present = new double[4];
        foreach (var part in Enum.GetValues<StarPart>())
        {
            var k = (int)part;
            var best = (F1: -1.0, T: 0.0);
            foreach (var t in steps)
            {
                var thresholds = new AnalyzerThresholds { Present = Fill(k, t, 0.5) };
                var f1 = scored.Average(set => F1(set.Items, part, thresholds));
                // Ties go to the threshold nearest 0.5, where the presence model is calibrated.
                if (f1 > best.F1 + 1e-9 || (Math.Abs(f1 - best.F1) < 1e-9 && Math.Abs(t - 0.5) < Math.Abs(best.T - 0.5)))
                {
                    best = (f1, t);
                }
            }

            present[k] = best.T;
            var at = new AnalyzerThresholds { Present = Fill(k, best.T, 0.5) };
            Console.WriteLine($"{part,-10} present at {best.T:F2}: mean F1 {best.F1:F3} ({string.Join(", ", scored.Select(set => $"{set.Name} {F1(set.Items, part, at):F3}"))}; content {F1(content, part, at):F3}; with the current defaults: {scored.Average(set => F1(set.Items, part, new AnalyzerThresholds())):F3})");
        }

        Console.WriteLine($"Present = [{string.Join(", ", present.Select(a => a.ToString("F2")))}]");
    }

    private static double[] Fill(int k, double value, double other) => [.. Enumerable.Range(0, 4).Select(i => i == k ? value : other)];

    private static double F1(List<(EvalItem Item, ScoredAnswer Scored)> items, StarPart part, AnalyzerThresholds thresholds)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (item, scored) in items)
        {
            var predicted = StarAnalyzer.Judge(scored, thresholds)[part].Status == PartStatus.Missing;
            var actual = !item.Present[part];
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
        }

        return tp == 0 ? (fp + fn == 0 ? 1 : 0) : 2.0 * tp / ((2 * tp) + fp + fn);
    }
}
