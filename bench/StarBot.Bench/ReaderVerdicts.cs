using System.Text.Json;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Bench;

/// <summary>
/// How well a careful reader does on the same real cases: readers (model helpers acting as interview coaches, told
/// the STAR parts' meaning and nothing about the analyzer, the headings or which part was removed; see
/// <c>reader-instructions.md</c>) judged every paragraph case of the real answers, three per round of the set, each
/// round shuffled and split between its three. Their verdicts are scored like the analyzer's, beside the analyzer's on the same cases: what the
/// targets ask is within a reader's reach, so a gap is the analyzer's, not the labels'. A reader saw other versions
/// of the same answer (with another part removed) in its batch, so the "first seen" line keeps only each reader's
/// first sight of each answer.
/// </summary>
public static class ReaderVerdicts
{
    public static void Compare(string path, IReadOnlyList<(EvalItem Item, StarAnalysis Analysis)> analyzer)
    {
        var verdicts = File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var byCase = analyzer.ToDictionary(j => j.Item.Id);
        var reader = new List<(EvalItem, StarAnalysis)>();
        var mine = new List<(EvalItem, StarAnalysis)>();
        var firstReader = new List<(EvalItem, StarAnalysis)>();
        var firstMine = new List<(EvalItem, StarAnalysis)>();
        var seen = new HashSet<(int, string)>();
        foreach (var verdict in verdicts.OrderBy(v => v.GetProperty("order").GetInt32()))
        {
            var id = verdict.GetProperty("case").GetString()!;
            if (!byCase.TryGetValue(id, out var judged))
            {
                continue;
            }

            var said = Evaluation.Verdicts(p => verdict.GetProperty(p.ToString().ToLowerInvariant()).GetString() == "missing" ? PartStatus.Missing : PartStatus.Present);
            reader.Add((judged.Item, said));
            mine.Add(judged);
            if (seen.Add((verdict.GetProperty("reader").GetInt32(), id.Split('/')[0])))
            {
                firstReader.Add((judged.Item, said));
                firstMine.Add(judged);
            }
        }

        Console.WriteLine(Evaluation.Score("careful reader", reader));
        Console.WriteLine(Evaluation.Score("analyzer, same cases", mine));
        Console.WriteLine(Evaluation.Score("reader, first seen", firstReader));
        Console.WriteLine(Evaluation.Score("analyzer, same cases", firstMine));
    }
}
