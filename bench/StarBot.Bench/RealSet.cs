using System.Text.Json;
using StarBot.Core.Content;

namespace StarBot.Bench;

/// <summary>One real answer: its sections as its author headed them, and where a careful reader found the heading wrong.</summary>
/// <param name="Holds">Per part: the section headed so does hold that part.</param>
/// <param name="AlsoIn">Per part: other sections that also tell it (so removing its own section does not remove it).</param>
public sealed record RealAnswer(string Id, string Author, IReadOnlyDictionary<StarPart, string> Parts, IReadOnlyDictionary<StarPart, bool> Holds, IReadOnlyDictionary<StarPart, IReadOnlyList<StarPart>> AlsoIn);

/// <summary>
/// The real answers of <c>bench/data/real/answers.jsonl</c> (see its SOURCES.md), turned into cases as the content
/// variants are: the whole answer and each section removed, as paragraphs and as one block of prose. A part is scored
/// in a case only where its truth is clear: it is present when a kept section holds it, missing when no kept section
/// does and the removed section was its only holder; a pair whose heading was found wrong is left out.
/// </summary>
public static class RealSet
{
    public static List<RealAnswer> Load(string path)
    {
        var answers = new List<RealAnswer>();
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var parts = new Dictionary<StarPart, string>();
            var holds = new Dictionary<StarPart, bool>();
            var alsoIn = new Dictionary<StarPart, IReadOnlyList<StarPart>>();
            foreach (var part in Enum.GetValues<StarPart>())
            {
                var name = part.ToString().ToLowerInvariant();
                parts[part] = root.GetProperty("parts").GetProperty(name).GetString() ?? "";
                holds[part] = !root.TryGetProperty("holds", out var h) || !h.TryGetProperty(name, out var v) || v.GetBoolean();
                alsoIn[part] = root.TryGetProperty("alsoIn", out var a) && a.TryGetProperty(name, out var list)
                    ? [.. list.EnumerateArray().Select(e => Enum.Parse<StarPart>(e.GetString()!, ignoreCase: true))]
                    : [];
            }

            answers.Add(new RealAnswer(root.GetProperty("id").GetString()!, root.GetProperty("author").GetString()!, parts, holds, alsoIn));
        }

        return answers;
    }

    public static IEnumerable<EvalItem> Cases(RealAnswer answer)
    {
        var all = Enum.GetValues<StarPart>();
        var written = all.Where(p => answer.Parts[p].Trim().Length > 0).ToList();
        foreach (var removed in new StarPart?[] { null }.Concat(written.Select(p => (StarPart?)p)))
        {
            var kept = written.Where(p => p != removed).ToList();
            if (kept.Count == 0)
            {
                continue;
            }

            var truth = new Dictionary<StarPart, bool>();
            foreach (var part in all)
            {
                var holders = kept.Where(k => (k == part && answer.Holds[part]) || answer.AlsoIn[part].Contains(k)).ToList();
                if (holders.Count > 0)
                {
                    truth[part] = true;
                }
                else if (answer.AlsoIn[part].Count == 0 && (part == removed ? answer.Holds[part] : answer.Parts[part].Trim().Length == 0))
                {
                    // Missing for sure: its own section (which did hold it) is gone, or the author never wrote it,
                    // and no other section tells it.
                    truth[part] = false;
                }
            }

            var suffix = removed is null ? "full" : "no-" + removed.Value.ToString().ToLowerInvariant();
            yield return new EvalItem($"{answer.Id}/{suffix}/paragraphs", "real", "paragraphs",
                string.Join("\n\n", kept.Select(p => answer.Parts[p].Trim())), truth) { Author = answer.Author };
            yield return new EvalItem($"{answer.Id}/{suffix}/prose", "real", "prose",
                string.Join(" ", kept.Select(p => answer.Parts[p].Trim().ReplaceLineEndings(" "))), truth) { Author = answer.Author };
        }
    }
}
