using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StarBot.Core.Content;

/// <summary>One thing wrong in a content file, located so that an author can jump to it.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

public sealed class ContentException(IReadOnlyList<ContentError> errors)
    : Exception($"content has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}

public sealed record ContentLoadResult(ContentLibrary Library, IReadOnlyList<ContentError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public ContentLibrary OrThrow() => IsValid ? Library : throw new ContentException(Errors);
}

/// <summary>
/// Reads <c>competencies/*.md</c> and <c>questions/**/*.md</c> below a content folder. Every file is read in full
/// and every problem reported, so that one run of <c>content check</c> lists all of them.
/// </summary>
public static partial class ContentLoader
{
    public const string CompetenciesFolder = "competencies";
    public const string QuestionsFolder = "questions";

    private static readonly string[] QuestionKeys = ["id", "competency", "tags", "question", "role"];
    private static readonly string[] CompetencyKeys = ["id", "name", "description"];
    private static readonly string[] QuestionSections = ["Situation", "Task", "Action", "Result", "Tips"];
    private static readonly string[] CompetencySections = ["Tips"];

    public static ContentLoadResult Load(string folder)
    {
        var errors = new List<ContentError>();
        if (!Directory.Exists(folder))
        {
            errors.Add(new ContentError(folder, 0, "content folder not found"));
            return new ContentLoadResult(new ContentLibrary([], []), errors);
        }

        var competencies = new List<Competency>();
        var competencyDir = Path.Combine(folder, CompetenciesFolder);
        if (!Directory.Exists(competencyDir))
        {
            errors.Add(new ContentError(competencyDir, 0, "folder missing: competencies are defined there, one file each"));
        }
        else
        {
            var seen = new Dictionary<string, (string File, int Line)>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.EnumerateFiles(competencyDir, "*.md").Order(StringComparer.Ordinal))
            {
                var competency = ReadCompetency(file, errors, seen);
                if (competency is not null)
                {
                    competencies.Add(competency);
                }
            }
        }

        var questions = new List<Question>();
        var questionDir = Path.Combine(folder, QuestionsFolder);
        if (!Directory.Exists(questionDir))
        {
            errors.Add(new ContentError(questionDir, 0, "folder missing: questions are defined there, one file each"));
        }
        else
        {
            var known = competencies.Select(c => c.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var seen = new Dictionary<string, (string File, int Line)>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.EnumerateFiles(questionDir, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var question = ReadQuestion(file, known, errors, seen);
                if (question is not null)
                {
                    questions.Add(question);
                }
            }
        }

        // Checks run key by key, not line by line: sorted, the report reads top to bottom like the files (a stable sort keeps a line's problems in check order).
        return new ContentLoadResult(new ContentLibrary(competencies, questions), [.. errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)]);
    }

    private static Competency? ReadCompetency(string file, List<ContentError> errors, Dictionary<string, (string, int)> seen)
    {
        var doc = ParseDocument(file, CompetencyKeys, CompetencySections, errors);
        if (doc is null)
        {
            return null;
        }

        var id = RequireId(doc, seen, errors);
        var name = RequireScalar(doc, "name", errors);
        var description = doc.Scalar("description") ?? "";
        var tips = ParseTips(doc, errors);
        return id is null || name is null ? null : new Competency(id, name, description, tips, file);
    }

    private static Question? ReadQuestion(string file, HashSet<string> competencies, List<ContentError> errors, Dictionary<string, (string, int)> seen)
    {
        var errorsBefore = errors.Count;
        var doc = ParseDocument(file, QuestionKeys, QuestionSections, errors);
        if (doc is null)
        {
            return null;
        }

        var id = RequireId(doc, seen, errors);
        var text = RequireScalar(doc, "question", errors);
        var competency = RequireScalar(doc, "competency", errors);
        if (competency is not null && !competencies.Contains(competency))
        {
            errors.Add(doc.ErrorAt("competency", $"unknown competency '{competency}' (known: {string.Join(", ", competencies.Order())})"));
            competency = null;
        }

        var tags = doc.List("tags", errors);
        var role = doc.Scalar("role");
        var parts = new string?[4];
        foreach (var part in Enum.GetValues<StarPart>())
        {
            parts[(int)part] = doc.Sections.TryGetValue(part.ToString(), out var section) ? section.Text : null;
        }

        var example = parts.Any(p => p is not null) ? new ExampleAnswer(parts[0], parts[1], parts[2], parts[3]) : null;
        var tips = ParseTips(doc, errors);
        // A file with any error is left out whole, so that nothing half-read is ever shown to a user.
        return id is null || text is null || competency is null || errors.Count > errorsBefore
            ? null
            : new Question(id, competency.ToLowerInvariant(), text, tags, role, example, tips, file);
    }

    private static string? RequireId(FrontMatterDocument doc, Dictionary<string, (string File, int Line)> seen, List<ContentError> errors)
    {
        var id = RequireScalar(doc, "id", errors);
        if (id is null)
        {
            return null;
        }

        if (!IdPattern().IsMatch(id))
        {
            errors.Add(doc.ErrorAt("id", $"id '{id}' must be lowercase letters, digits and dashes"));
            return null;
        }

        var line = doc.LineOf("id");
        if (seen.TryGetValue(id, out var first))
        {
            errors.Add(new ContentError(doc.File, line, $"duplicate id '{id}' (first defined at {first.File}:{first.Line})"));
            return null;
        }

        seen[id] = (doc.File, line);
        return id;
    }

    private static string? RequireScalar(FrontMatterDocument doc, string key, List<ContentError> errors)
    {
        if (!doc.Keys.ContainsKey(key))
        {
            errors.Add(new ContentError(doc.File, 1, $"missing '{key}' in the front matter"));
            return null;
        }

        var value = doc.Scalar(key);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(doc.ErrorAt(key, $"'{key}' is empty"));
            return null;
        }

        return value.Trim();
    }

    private static IReadOnlyList<Tip> ParseTips(FrontMatterDocument doc, List<ContentError> errors)
    {
        if (!doc.Sections.TryGetValue("Tips", out var section))
        {
            return [];
        }

        var tips = new List<Tip>();
        var line = section.Line;
        foreach (var raw in section.Text.Split('\n'))
        {
            line++;
            var text = raw.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var item = ListItem().Match(text);
            if (!item.Success)
            {
                if (tips.Count == 0)
                {
                    errors.Add(new ContentError(doc.File, line, "tips are a list: '- advice' or '1. **Title** - advice'"));
                    continue;
                }

                // A wrapped line continues the tip above it.
                tips[^1] = tips[^1] with { Text = tips[^1].Text + " " + text };
                continue;
            }

            var body = item.Groups["body"].Value;
            var titled = TitledTip().Match(body);
            tips.Add(titled.Success ? new Tip(titled.Groups["title"].Value.Trim(), titled.Groups["text"].Value.Trim()) : new Tip("", body.Trim()));
        }

        return tips;
    }

    private static FrontMatterDocument? ParseDocument(string file, string[] allowedKeys, string[] allowedSections, List<ContentError> errors)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
        }
        catch (IOException e)
        {
            errors.Add(new ContentError(file, 0, $"cannot read: {e.Message}"));
            return null;
        }

        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            errors.Add(new ContentError(file, 1, "missing front matter: the file must start with a '---' line"));
            return null;
        }

        var close = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (close < 0)
        {
            errors.Add(new ContentError(file, 1, "front matter is not closed by a '---' line"));
            return null;
        }

        var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(string.Join('\n', lines[1..close])));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add(new ContentError(file, 2, "front matter must be 'key: value' lines"));
                return null;
            }

            foreach (var (keyNode, value) in root.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                if (!allowedKeys.Contains(key))
                {
                    errors.Add(new ContentError(file, 1 + (int)keyNode.Start.Line, $"unknown key '{key}' (allowed: {string.Join(", ", allowedKeys)})"));
                    continue;
                }

                keys[key] = value;
            }
        }
        catch (YamlException e)
        {
            errors.Add(new ContentError(file, 1 + (int)e.Start.Line, $"front matter is not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return null;
        }

        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        string? current = null;
        var currentLine = 0;
        var skipping = false; // below a heading already reported, so its text is not reported again
        var buffer = new List<string>();

        void Flush()
        {
            if (current is null)
            {
                return;
            }

            var text = string.Join('\n', buffer).Trim();
            if (text.Length == 0)
            {
                errors.Add(new ContentError(file, currentLine, $"section '## {current}' is empty"));
            }
            else
            {
                sections[current] = new Section(text, currentLine);
            }
        }

        for (var i = close + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNumber = i + 1;
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var name = heading.Groups["name"].Value.Trim().TrimEnd(':');
                if (heading.Groups["level"].Value.Length != 2)
                {
                    errors.Add(new ContentError(file, lineNumber, $"only '## Part' headings are allowed, found '{line.Trim()}'"));
                    Flush();
                    current = null;
                    skipping = true;
                    buffer.Clear();
                    continue;
                }

                var known = allowedSections.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    errors.Add(new ContentError(file, lineNumber, $"unknown part heading '{name}' (allowed: {string.Join(", ", allowedSections)})"));
                    Flush();
                    current = null;
                    skipping = true;
                    buffer.Clear();
                    continue;
                }

                Flush();
                if (sections.ContainsKey(known))
                {
                    errors.Add(new ContentError(file, lineNumber, $"section '## {known}' appears twice"));
                }

                current = known;
                skipping = false;
                currentLine = lineNumber;
                buffer.Clear();
                continue;
            }

            if (skipping)
            {
                continue;
            }

            if (current is null && line.Trim().Length > 0)
            {
                errors.Add(new ContentError(file, lineNumber, $"text outside a section: start it with one of {string.Join(", ", allowedSections.Select(s => "'## " + s + "'"))}"));
                // Report once per stray block, not once per line.
                while (i + 1 < lines.Length && lines[i + 1].Trim().Length > 0 && !Heading().IsMatch(lines[i + 1]))
                {
                    i++;
                }

                continue;
            }

            buffer.Add(line);
        }

        Flush();
        return new FrontMatterDocument(file, keys, sections);
    }

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(?<level>#{1,6})\s+(?<name>.+?)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?:[-*+]|\d+[.)])\s+(?<body>.+)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\*\*(?<title>[^*]+)\*\*\s*[-:\u2013\u2014]?\s*(?<text>.*)$")]
    private static partial Regex TitledTip();

    private sealed record Section(string Text, int Line);

    private sealed record FrontMatterDocument(string File, Dictionary<string, YamlNode> Keys, Dictionary<string, Section> Sections)
    {
        public string? Scalar(string key) => Keys.GetValueOrDefault(key) is YamlScalarNode s ? s.Value : null;

        public int LineOf(string key) => Keys.TryGetValue(key, out var node) ? 1 + (int)node.Start.Line : 1;

        public ContentError ErrorAt(string key, string message) => new(File, LineOf(key), message);

        public IReadOnlyList<string> List(string key, List<ContentError> errors)
        {
            switch (Keys.GetValueOrDefault(key))
            {
                case null:
                    return [];
                case YamlSequenceNode seq:
                    var items = new List<string>();
                    foreach (var item in seq)
                    {
                        if (item is YamlScalarNode { Value: { Length: > 0 } v } && !string.IsNullOrWhiteSpace(v))
                        {
                            items.Add(v.Trim().ToLowerInvariant());
                        }
                        else
                        {
                            errors.Add(new ContentError(File, 1 + (int)item.Start.Line, $"'{key}' items must be non-empty words"));
                        }
                    }

                    return items;
                default:
                    errors.Add(ErrorAt(key, $"'{key}' must be a list, e.g. [{key}-one, {key}-two]"));
                    return [];
            }
        }
    }
}
