using System.Text.Json;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Bench;

/// <summary>One case: an answer and, for each part whose truth is clear, whether it is there (parts left out are not scored).</summary>
public sealed record EvalItem(string Id, string Set, string Form, string Text, IReadOnlyDictionary<StarPart, bool> Present)
{
    public string Author { get; init; } = "";

    /// <summary>Every part is scored and present.</summary>
    public bool Complete => Present.Count == 4 && Present.Values.All(p => p);
}

/// <summary>
/// Per part: precision and recall of "missing" (recall = missing parts caught), F1 for "missing", and the share of
/// present parts kept present (not called missing); macro F1 over the four parts; complete answers judged complete.
/// </summary>
public sealed record EvalScore(string Set, int Answers, IReadOnlyDictionary<StarPart, PartScore> Parts, double MacroF1, double CompleteJudgedComplete, int Complete)
{
    public override string ToString()
    {
        var parts = string.Join("  ", Parts.Select(p => $"{p.Key.ToString()[0]}: P {p.Value.Precision:F2} R {p.Value.Recall:F2} F1 {p.Value.F1:F2} kept {p.Value.Kept:F2} (n={p.Value.Missing}/{p.Value.Present})"));
        return $"{Set,-28} answers {Answers,4}  macro F1 {MacroF1:F3}  complete->complete {CompleteJudgedComplete:F2} ({Complete})  {parts}";
    }
}

public sealed record PartScore(double Precision, double Recall, double F1, double Kept, int Missing, int Present);

public static class Evaluation
{
    public static IEnumerable<EvalItem> ReadJsonl(string path, string set)
    {
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var expect = root.GetProperty("expect");
            yield return new EvalItem(
                root.GetProperty("id").GetString()!,
                set,
                root.GetProperty("form").GetString()!,
                root.GetProperty("text").GetString()!,
                Enum.GetValues<StarPart>().ToDictionary(p => p, p => expect.GetProperty(p.ToString().ToLowerInvariant()).GetString() == "present"));
        }
    }

    /// <summary>Every content example, whole and with one or two parts removed, each as paragraphs and as one block of prose.</summary>
    public static IEnumerable<EvalItem> ContentVariants(ContentLibrary library)
    {
        var all = Enum.GetValues<StarPart>();
        var removals = new List<StarPart[]> { Array.Empty<StarPart>() };
        removals.AddRange(all.Select(p => new[] { p }));
        removals.AddRange(from a in all from b in all where a < b select new[] { a, b });
        foreach (var question in library.Questions.Where(q => q.Example is { IsComplete: true }))
        {
            foreach (var removed in removals)
            {
                var kept = all.Where(p => !removed.Contains(p)).ToList();
                var present = all.ToDictionary(p => p, p => !removed.Contains(p));
                var suffix = removed.Length == 0 ? "full" : "no-" + string.Join("-", removed.Select(p => p.ToString().ToLowerInvariant()));
                yield return new EvalItem($"{question.Id}/{suffix}/paragraphs", "content-paragraphs", "paragraphs",
                    string.Join("\n\n", kept.Select(p => question.Example![p])), present);
                yield return new EvalItem($"{question.Id}/{suffix}/prose", "content-prose", "prose",
                    string.Join(" ", kept.Select(p => question.Example![p]!.ReplaceLineEndings(" "))), present);
            }
        }
    }

    /// <summary>Verdicts that came from elsewhere (a reader, another build) as an analysis <see cref="Score(string, IReadOnlyList{ValueTuple{EvalItem, StarAnalysis}}, TextWriter?)"/> reads: statuses only.</summary>
    public static StarAnalysis Verdicts(Func<StarPart, PartStatus> status) => new(
        Enum.GetValues<StarPart>().ToDictionary(p => p, p => new PartAnalysis(status(p), 1, [])),
        new AnswerSignals(false, 0, false, false, 0, 0, 0),
        []);

    public static EvalScore Score(string set, IReadOnlyList<EvalItem> items, IStarAnalyzer analyzer, TextWriter? mistakes = null)
    {
        return Score(set, items.Select(i => (i, analyzer.Analyze(i.Text))).ToList(), mistakes);
    }

    public static EvalScore Score(string set, IReadOnlyList<(EvalItem Item, StarAnalysis Analysis)> judged, TextWriter? mistakes = null)
    {
        var tp = new Dictionary<StarPart, int>();
        var fp = new Dictionary<StarPart, int>();
        var fn = new Dictionary<StarPart, int>();
        var present = new Dictionary<StarPart, int>();
        var complete = 0;
        var completeJudged = 0;
        foreach (var (item, analysis) in judged)
        {
            var wrong = new List<string>();
            foreach (var part in Enum.GetValues<StarPart>())
            {
                if (!item.Present.TryGetValue(part, out var isPresent))
                {
                    continue;
                }

                present[part] = present.GetValueOrDefault(part) + (isPresent ? 1 : 0);
                var predictedMissing = analysis[part].Status == PartStatus.Missing;
                var actuallyMissing = !isPresent;
                if (predictedMissing && actuallyMissing)
                {
                    tp[part] = tp.GetValueOrDefault(part) + 1;
                }
                else if (predictedMissing)
                {
                    fp[part] = fp.GetValueOrDefault(part) + 1;
                    wrong.Add($"{part} said missing");
                }
                else if (actuallyMissing)
                {
                    fn[part] = fn.GetValueOrDefault(part) + 1;
                    wrong.Add($"{part} said present");
                }
            }

            if (item.Complete)
            {
                complete++;
                completeJudged += analysis.IsComplete ? 1 : 0;
            }

            if (wrong.Count > 0)
            {
                mistakes?.WriteLine($"{item.Id} [{item.Form}]: {string.Join(", ", wrong)}");
            }
        }

        var parts = Enum.GetValues<StarPart>().ToDictionary(p => p, p =>
        {
            var t = tp.GetValueOrDefault(p);
            var precision = t + fp.GetValueOrDefault(p) == 0 ? 1.0 : t / (double)(t + fp.GetValueOrDefault(p));
            var recall = t + fn.GetValueOrDefault(p) == 0 ? 1.0 : t / (double)(t + fn.GetValueOrDefault(p));
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            var kept = present.GetValueOrDefault(p) == 0 ? 1.0 : 1 - (fp.GetValueOrDefault(p) / (double)present.GetValueOrDefault(p));
            return new PartScore(precision, recall, f1, kept, t + fn.GetValueOrDefault(p), present.GetValueOrDefault(p));
        });
        return new EvalScore(set, judged.Count, parts, parts.Values.Average(v => v.F1), complete == 0 ? 1 : completeJudged / (double)complete, complete);
    }
}
