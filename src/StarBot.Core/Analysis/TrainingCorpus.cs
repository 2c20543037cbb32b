using System.Reflection;
using System.Text.Json;
using StarBot.Core.Content;

namespace StarBot.Core.Analysis;

/// <summary>One training answer: its text per STAR part (empty where the writer skipped the part).</summary>
public sealed record TrainingAnswer(string Id, string Form, IReadOnlyDictionary<StarPart, string> Parts);

/// <summary>
/// The labelled answers the sentence model learns from, bundled in the assembly (<c>Analysis/Training/*.jsonl</c>)
/// so that analysis needs no file, network or download. None of the evaluation answers are in it.
/// </summary>
public static class TrainingCorpus
{
    /// <summary>A fingerprint of the bundled corpus, so that shipped weights are used only for the data they came from.</summary>
    public static string Hash()
    {
        var assembly = typeof(TrainingCorpus).Assembly;
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var name in ResourceNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(memory.ToArray());
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static IEnumerable<string> ResourceNames() =>
        typeof(TrainingCorpus).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public static IReadOnlyList<TrainingAnswer> Load()
    {
        var assembly = typeof(TrainingCorpus).Assembly;
        var answers = new List<TrainingAnswer>();
        foreach (var name in ResourceNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var parts = new Dictionary<StarPart, string>();
                foreach (var part in Enum.GetValues<StarPart>())
                {
                    parts[part] = root.GetProperty("parts").TryGetProperty(part.ToString().ToLowerInvariant(), out var value) ? value.GetString() ?? "" : "";
                }

                answers.Add(new TrainingAnswer(
                    root.GetProperty("id").GetString()!,
                    root.TryGetProperty("form", out var form) ? form.GetString()! : "paragraphs",
                    parts));
            }
        }

        return answers;
    }

    /// <summary>The layouts an answer is rendered in for training: how people type the same story.</summary>
    public enum Layout
    {
        /// <summary>One paragraph per part.</summary>
        Paragraphs,

        /// <summary>One block of prose (bullet notes stay one per line).</summary>
        Prose,

        /// <summary>One block of prose keeping only the first sentence of each part: the short answers people type in chat.</summary>
        Short,
    }

    /// <summary>The answer's segments, each with the part it came from, leaving out the parts in <paramref name="without"/>.</summary>
    public static List<(Segment Segment, StarPart Part)> Render(TrainingAnswer answer, Layout layout, IReadOnlyCollection<StarPart> without)
    {
        var labelled = new List<(Segment, StarPart)>();
        var paragraph = 0;
        foreach (var part in Enum.GetValues<StarPart>())
        {
            var text = answer.Parts[part];
            if (without.Contains(part) || text.Trim().Length == 0)
            {
                continue;
            }

            foreach (var segment in AnswerSegmenter.Split(text).Take(layout == Layout.Short ? 1 : int.MaxValue))
            {
                labelled.Add((segment with { Paragraph = layout == Layout.Paragraphs ? paragraph : 0 }, part));
            }

            paragraph++;
        }

        return labelled;
    }

    /// <summary>
    /// Labelled feature vectors for the sentence model: each answer in both layouts, and once more with one part
    /// dropped, so the model does not learn that the first sentence is always the Situation.
    /// </summary>
    public static List<(int[] Features, int Label)> SentenceSamples(IEnumerable<TrainingAnswer> answers, int seed = 5)
    {
        var random = new Random(seed);
        var samples = new List<(int[], int)>();
        var buffer = new List<int>();
        foreach (var answer in answers)
        {
            var present = Enum.GetValues<StarPart>().Where(p => answer.Parts[p].Trim().Length > 0).ToList();
            var drop = present.Count > 2 ? new[] { present[random.Next(present.Count)] } : [];
            foreach (var (layout, without) in new[] { (Layout.Paragraphs, Array.Empty<StarPart>()), (Layout.Prose, []), (Layout.Prose, drop) })
            {
                var labelled = Render(answer, layout, without);
                for (var i = 0; i < labelled.Count; i++)
                {
                    SentenceFeatures.Extract(labelled[i].Segment, i, labelled.Count, buffer);
                    samples.Add(([.. buffer], (int)labelled[i].Part));
                }
            }
        }

        return samples;
    }
}
