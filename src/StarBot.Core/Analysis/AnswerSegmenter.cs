using System.Text.RegularExpressions;
using StarBot.Core.Content;

namespace StarBot.Core.Analysis;

/// <summary>
/// Splits an answer, however it is written (labelled parts, paragraphs, one block of prose, bullet notes), into
/// segments, and reads the labels writers put on parts ("Situation:", "**T:**", "What I did:", "Outcome -").
/// </summary>
public static partial class AnswerSegmenter
{
    /// <summary>Run-on sentences longer than this are split at clause joints, so each clause can get its own part.</summary>
    private const int LongSentenceWords = 28;

    public static List<Segment> Split(string answer)
    {
        var segments = new List<Segment>();
        var text = answer.ReplaceLineEndings("\n");
        if (InlineLetterLabel().Matches(text).Count >= 2)
        {
            // "S: … T: … A: …" written on one line: give each label a line of its own.
            text = InlineLetterLabel().Replace(text, "\n$0");
        }

        // "Situation: new team, no docs. Action: I wrote a guide." - a part's own name after a sentence starts a new line.
        text = InlineWordLabel().Replace(text, "\n");

        // Bullet notes pasted as one line ("- collected logs - read the code - fixed it"): one bullet a line again.
        text = string.Join('\n', text.Split('\n').Select(line => InlineBullet().Matches(line).Count >= 2 ? InlineBullet().Replace(line, "\n- ") : line));

        var paragraph = 0;
        var blank = false;
        // A label alone on its line ("Action:") covers what follows until the next label; a label with text
        // ("my job: add the export") covers that line, the lines that continue it and the bullets nested under it,
        // but not the next bullet at its own depth.
        StarPart? heading = null;
        StarPart? inline = null;
        var inlineIndent = -1;
        // A line wrapped by the writer's editor is one line: it is gathered here and split into sentences when the
        // next line starts something new.
        var pending = new System.Text.StringBuilder();
        (int Paragraph, StarPart? Label, bool Bullet, int Indent, int Length) pendingAt = default;
        void Flush()
        {
            if (pending.Length > 0)
            {
                var whole = Emphasis().Replace(pending.ToString(), "${inner}");
                foreach (var sentence in Sentences(whole))
                {
                    segments.Add(new Segment(sentence, pendingAt.Paragraph, pendingAt.Label, pendingAt.Bullet));
                }

                pending.Clear();
            }
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                blank = pending.Length > 0 || segments.Count > 0 || blank;
                continue;
            }

            var blankBefore = blank;
            if (blank)
            {
                paragraph++;
                blank = false;
                inline = null;
            }

            var indent = Indent(rawLine);
            var bullet = false;
            var bulletMatch = BulletMark().Match(line);
            if (bulletMatch.Success)
            {
                bullet = true;
                if (indent <= inlineIndent)
                {
                    inline = null;
                }

                line = line[bulletMatch.Length..].Trim();
            }

            var label = ReadLabel(line);
            if (!bullet && label is null && !blankBefore && Continues(pending, pendingAt.Indent, pendingAt.Length, line, indent))
            {
                pending.Append(' ').Append(line);
                pendingAt.Length = rawLine.TrimEnd().Length;
                continue;
            }

            Flush();
            if (label is { } labelled)
            {
                line = labelled.Text;
                if (line.Length == 0)
                {
                    heading = labelled.Part;
                    inline = null;
                    continue;
                }

                inline = labelled.Part;
                inlineIndent = indent;
            }

            pending.Append(line);
            pendingAt = (paragraph, inline ?? heading, bullet, indent, rawLine.TrimEnd().Length);
        }

        Flush();
        return segments;
    }

    /// <summary>
    /// Whether a line carries on the one before it, wrapped by the writer's editor: the line before has no closing
    /// punctuation and either ends on a word that cannot end a sentence ("between Hive outputs and") or is long
    /// (wrapped near the editor's width) while this one starts in lower case or sits deeper than it. Short notes a
    /// line each ("new team, no docs" / "wrote a guide") stay apart.
    /// </summary>
    private static bool Continues(System.Text.StringBuilder pending, int pendingIndent, int pendingLength, string line, int indent)
    {
        if (pending.Length == 0 || ".!?:;\"'”’*`".Contains(pending[^1]))
        {
            return false;
        }

        var start = pending.Length;
        while (start > 0 && pending[start - 1] != ' ')
        {
            start--;
        }

        var lastWord = pending.ToString(start, pending.Length - start).ToLowerInvariant();
        if (lastWord is "and" or "or" or "with" or "to" or "of" or "the" or "a" or "an" or "for" or "in" or "on" or "from" or "between" or "by" or "into" or "that" or "which" or "than" or "at" or "as")
        {
            return true;
        }

        return pendingLength >= 60 && (char.IsLower(line[0]) || indent > pendingIndent);
    }

    /// <summary>The part a line is labelled with, and the text after the label; null when the line carries no label.</summary>
    private static (StarPart Part, string Text)? ReadLabel(string line)
    {
        var labelMatch = LabelPrefix().Match(line);
        if (labelMatch.Success && IsLabelWord(labelMatch.Groups["label"].Value) && ParseLabel(labelMatch.Groups["label"].Value) is { } part)
        {
            var rest = line[labelMatch.Length..].TrimStart(':', '-', '–', '—', '*', '_', ' ');
            // "(S) Situation:", "S - Situation:": the letter and then the word, one label.
            var again = LabelPrefix().Match(rest);
            if (again.Success && ParseLabel(again.Groups["label"].Value) == part)
            {
                rest = rest[again.Length..].TrimStart(':', '-', '–', '—', '*', '_', ' ');
            }
            else if (HeadingOnly().Match(rest) is { Success: true } alone && ParseLabel(alone.Groups["label"].Value) == part)
            {
                rest = "";
            }

            return (part, rest.Trim());
        }

        var headingMatch = HeadingOnly().Match(line);
        if (headingMatch.Success && ParseLabel(headingMatch.Groups["label"].Value) is { } headingPart)
        {
            return (headingPart, "");
        }

        // "**Result** we shipped it" or "**S** – we were late": a bold label with no colon, then text.
        var boldMatch = BoldLabel().Match(line);
        if (boldMatch.Success && IsLabelWord(boldMatch.Groups["label"].Value) && ParseLabel(boldMatch.Groups["label"].Value) is { } boldPart)
        {
            return (boldPart, line[boldMatch.Length..].Trim());
        }

        return null;
    }

    private static int Indent(string rawLine)
    {
        var width = 0;
        foreach (var c in rawLine)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width += 4;
            }
            else
            {
                break;
            }
        }

        return width;
    }

    /// <summary>Maps a label word to a STAR part; null for words that are not labels.</summary>
    public static StarPart? ParseLabel(string word) => NormaliseLabel(word) switch
    {
        "s" or "situation" or "the situation" or "context" or "background" or "setting" or "the setup" or "setup" or "problem" or "the problem" or "scenario" => StarPart.Situation,
        "t" or "task" or "tasks" or "the task" or "my task" or "goal" or "the goal" or "my goal" or "objective" or "challenge" or "the challenge" or "my role" or "role" or "responsibility" or "my responsibility" or "the ask" or "mission" or "my job" or "job" or "the job" or "my part" or "aim" or "my aim" => StarPart.Task,
        "a" or "action" or "actions" or "action taken" or "actions taken" or "my actions" or "my action" or "key actions" or "what i did" or "approach" or "my approach" or "steps" or "steps taken" or "what we did" or "how" or "solution" => StarPart.Action,
        "r" or "result" or "results" or "the result" or "the results" or "outcome" or "outcomes" or "the outcome" or "impact" or "what happened" or "lesson" or "lessons" or "lessons learned" or "learning" or "learnings" or "what i learned" or "what i learnt" or "takeaway" or "takeaways" or "reflection" => StarPart.Result,
        _ => null,
    };

    /// <summary>"(S) Situation", "S - Situation", "Situation (S)", "Result(s)", "[Task]": the one part word they name.</summary>
    private static string NormaliseLabel(string word)
    {
        var text = word.Trim().ToLowerInvariant().Replace("(s)", "s", StringComparison.Ordinal);
        if (text.EndsWith("(s", StringComparison.Ordinal))
        {
            text = text[..^2] + "s";
        }

        var parts = new string(text.Select(c => char.IsLetter(c) ? c : ' ').ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && (parts[0].Length == 1 || parts[1].Length == 1) && parts[0][0] == parts[1][0])
        {
            // The letter and the word it abbreviates, in either order.
            return parts[0].Length == 1 ? parts[1] : parts[0];
        }

        return string.Join(' ', parts);
    }

    // A single letter is a label only in capitals ("S:", "T -", "(S)"); "a)" starts a list item.
    private static bool IsLabelWord(string word)
    {
        var letters = word.Where(char.IsLetter).ToArray();
        return letters.Length > 1 || (letters.Length == 1 && char.IsUpper(letters[0]));
    }

    private static IEnumerable<string> Sentences(string line)
    {
        foreach (var sentence in SentenceBreak().Split(line))
        {
            // "We had flaky deploys so I added a canary; failures dropped from 9 to 1": one sentence can tell
            // Situation, Action and Result, so it is cut where a new part usually starts, whatever its length.
            foreach (var part in StrongClauseBreak().Split(sentence))
            {
                var trimmed = part.Trim().TrimStart(',', ';').Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (CountWords(trimmed) <= LongSentenceWords)
                {
                    yield return trimmed;
                    continue;
                }

                foreach (var clause in ClauseBreak().Split(trimmed))
                {
                    var c = clause.Trim().TrimStart(',', ';').Trim();
                    if (c.Length > 0)
                    {
                        yield return c;
                    }
                }
            }
        }
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = char.IsLetterOrDigit(c);
            if (letter && !inWord)
            {
                count++;
            }

            inWord = letter;
        }

        return count;
    }

    // "1. ", "- ", "* ", "• ", "a) " at the start of a line.
    [GeneratedRegex(@"^(?:[-*•+–]|\d{1,2}[.)])\s+")]
    private static partial Regex BulletMark();

    // A label word and a separator at the start of a line, allowing Markdown around it: "**Task:**", "S -", "## Result:", "What I did ->".
    // "(S) Situation:" (read as "(S" then again as "Situation:"), "S (Situation) -", "[Task]:", "Result(s):".
    [GeneratedRegex(@"^[#>\s]*(?:\*\*|__|\*|_)?\s*(?<label>[(\[]?[A-Za-z][A-Za-z ()\[\]/]{0,24}?)\s*(?:\*\*|__|\*|_)?\s*(?::|->|=>|–|—|\s-\s|\)|\s-$)\s*(?:\*\*|__|\*|_)?\s*")]
    private static partial Regex LabelPrefix();

    // "**Situation**", "## Task", "### (A) Action", or "Result" standing alone on its line.
    [GeneratedRegex(@"^(?:#{1,6}\s*|\*\*|__|\*)?\s*(?<label>[(\[]?[A-Za-z][A-Za-z ()\[\]]{0,24}?)\s*(?:\*\*|__|\*)?:?\s*$")]
    private static partial Regex HeadingOnly();

    // A bold label followed by text without a colon: "**Result** we shipped it", "**S** – we were late".
    [GeneratedRegex(@"^(?:\*\*|__)(?<label>[(\[]?[A-Za-z][A-Za-z ()\[\]]{0,24}?)(?:\*\*|__)\s*(?:[-–—:]\s*)?(?=\S)")]
    private static partial Regex BoldLabel();

    // " - " or " * " or " • " between words, where notes were joined into one line.
    [GeneratedRegex(@"\s+[-*•]\s+(?=[\p{L}\d(""'`*])")]
    private static partial Regex InlineBullet();

    // The whitespace between a sentence's end and a STAR part's own name with a colon.
    [GeneratedRegex(@"(?<=\S\S[.!?])[ \t]+(?=(?:\*\*)?(?:Situation|Task|Actions?|Results?|Outcome|Context|Background)(?:\*\*)?\s*:)")]
    private static partial Regex InlineWordLabel();

    [GeneratedRegex(@"(?<![A-Za-z])[STAR]\s?:\s")]
    private static partial Regex InlineLetterLabel();

    [GeneratedRegex(@"(\*\*|__)(?<inner>.+?)\1")]
    private static partial Regex Emphasis();

    // After . ! ? (not inside "e.g." or a decimal) and before the next sentence's first character. People typing
    // fast in chat start sentences in lower case ("… twice. i called the dock manager"), so any letter counts. A
    // list number opening the line ("**5. Provided a summary**") is no sentence of its own.
    [GeneratedRegex(@"(?<=[.!?…])(?<!\b(?:e\.g|i\.e|etc|vs|approx|Dr|Mr|Ms|Mrs|[A-Z])\.)(?<!^[\s*_#>]*\d{1,3}\.)[""')\]]*\s+(?=[""'(\[]?[\p{L}0-9])")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"(?:,\s+(?=(?:so|and|and then|but|but then|which meant|and so|because)\s)|\s+(?=(?:and then|so then|so basically|and I)\s))", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();

    // Joints where a story moves on: a semicolon, an arrow, "so I/we …", ", which meant …", "and as a result",
    // ", no outages since", "and the bill fell by 30%".
    // Only between clauses of some length (three words each side), so that "so-so" or "A; B" lists stay whole.
    [GeneratedRegex(@"(?<=\w\W*\s+\w+\W*\s+\w+[)\""']*)(?:\s*;\s+|\s+(?:->|=>|→|—|–)\s+|,?\s+(?=so (?:i|we|that i|that we|now)\s)|,\s+(?=(?:which|that|this) (?:meant|led to|resulted in|cut|reduced|brought|got)\s)|,?\s+(?=and as a result\b)|,\s+(?=(?:and )?(?:now|since then|in the end|eventually|as a result)\s)|,\s+(?=(?:no|zero) (?:more |further )?[a-z-]+ (?:since|after|afterwards)\b)|,?\s+(?=and (?:the|our|my|its|their|it|this|that)\s(?:[\w-]+\s){0,3}(?:fell|dropped|went (?:down|up|from)|rose|grew|doubled|halved|tripled|improved|increased|decreased|shrank|climbed)\b))(?=\W*\w+\W+\w+\W+\w)", RegexOptions.IgnoreCase)]
    private static partial Regex StrongClauseBreak();
}
