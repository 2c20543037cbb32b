using System.Reflection;
using System.Text.Json;
using StarBot.Core.Content;

namespace StarBot.Core.Analysis;

/// <summary>One stretch of a training answer and what it is: a STAR part (0-3) or <see cref="TrainingSegment.Other"/>.</summary>
public sealed record TrainingSegment(int Part, string Text)
{
    /// <summary>Text that is no STAR part: the question restated, filler, "I am a hard worker", a digression.</summary>
    public const int Other = 4;
}

/// <summary>One training answer: its stretches in the order the writer wrote them (parts may mix and come back).</summary>
public sealed record TrainingAnswer(string Id, string Form, IReadOnlyList<TrainingSegment> Segments)
{
    public bool Has(StarPart part) => Segments.Any(s => s.Part == (int)part && s.Text.Trim().Length > 0);
}

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
                answers.Add(new TrainingAnswer(
                    root.GetProperty("id").GetString()!,
                    root.TryGetProperty("form", out var form) ? form.GetString()! : "paragraphs",
                    ReadSegments(root)));
            }
        }

        return answers;
    }

    /// <summary>
    /// Two shapes: <c>"parts": {"situation": …}</c> (one text per part, in S, T, A, R order) and
    /// <c>"segments": [{"part": "action", "text": …}]</c> (in the writer's order; parts may repeat, "other" is no part).
    /// </summary>
    private static List<TrainingSegment> ReadSegments(JsonElement root)
    {
        var segments = new List<TrainingSegment>();
        if (root.TryGetProperty("segments", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                var name = item.GetProperty("part").GetString()!;
                var part = name == "other" ? TrainingSegment.Other : (int)Enum.Parse<StarPart>(name, ignoreCase: true);
                segments.Add(new TrainingSegment(part, item.GetProperty("text").GetString() ?? ""));
            }

            return segments;
        }

        foreach (var part in Enum.GetValues<StarPart>())
        {
            if (root.GetProperty("parts").TryGetProperty(part.ToString().ToLowerInvariant(), out var value) && value.GetString() is { Length: > 0 } text)
            {
                segments.Add(new TrainingSegment((int)part, text));
            }
        }

        return segments;
    }

    /// <summary>The layouts an answer is rendered in for training: how people type the same story.</summary>
    public enum Layout
    {
        /// <summary>One paragraph per part.</summary>
        Paragraphs,

        /// <summary>One block of prose: line breaks become spaces (bullet notes run on in one line).</summary>
        Prose,

        /// <summary>One block of prose keeping only the first sentence of each part: the short answers people type in chat.</summary>
        Short,
    }

    /// <summary>The answer's segments, each with the part (or <see cref="TrainingSegment.Other"/>) it came from, leaving out the parts in <paramref name="without"/>.</summary>
    public static List<(Segment Segment, int Part)> Render(TrainingAnswer answer, Layout layout, IReadOnlyCollection<StarPart> without)
    {
        var labelled = new List<(Segment, int)>();
        var paragraph = -1;
        var previous = -1;
        var taken = new HashSet<int>();
        foreach (var stretch in answer.Segments)
        {
            if ((stretch.Part < 4 && without.Contains((StarPart)stretch.Part)) || stretch.Text.Trim().Length == 0)
            {
                continue;
            }

            // Short: the first sentence of each part only, as people type in chat.
            if (layout == Layout.Short && !taken.Add(stretch.Part))
            {
                continue;
            }

            if (stretch.Part != previous)
            {
                paragraph++;
                previous = stretch.Part;
            }

            // Prose is the answer pasted as one block, line breaks and all turned to spaces, as notes are in a chat box.
            var text = layout == Layout.Paragraphs ? stretch.Text : stretch.Text.ReplaceLineEndings(" ");
            foreach (var segment in AnswerSegmenter.Split(text).Take(layout == Layout.Short ? 1 : int.MaxValue))
            {
                labelled.Add((segment with { Paragraph = layout == Layout.Paragraphs ? paragraph : 0 }, stretch.Part));
            }
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
            var present = Enum.GetValues<StarPart>().Where(answer.Has).ToList();
            var drop = present.Count > 2 ? new[] { present[random.Next(present.Count)] } : [];
            foreach (var (layout, without) in new[] { (Layout.Paragraphs, Array.Empty<StarPart>()), (Layout.Prose, []), (Layout.Prose, drop) })
            {
                var labelled = Render(answer, layout, without);
                var segments = labelled.Select(l => l.Segment).ToList();
                for (var i = 0; i < labelled.Count; i++)
                {
                    SentenceFeatures.Extract(segments, i, buffer);
                    samples.Add(([.. buffer], labelled[i].Part));
                }
            }
        }

        return samples;
    }
}
