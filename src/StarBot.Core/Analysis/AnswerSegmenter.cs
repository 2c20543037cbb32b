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

        var paragraph = 0;
        var blank = false;
        // A label alone on its line ("Action:") covers what follows until the next label; a label with text
        // ("my job: add the export") covers that line, and the lines that continue it, but not the next bullet.
        StarPart? heading = null;
        StarPart? inline = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                blank = segments.Count > 0 || blank;
                continue;
            }

            if (blank)
            {
                paragraph++;
                blank = false;
                inline = null;
            }

            var bullet = false;
            var bulletMatch = BulletMark().Match(line);
            if (bulletMatch.Success)
            {
                bullet = true;
                inline = null;
                line = line[bulletMatch.Length..].Trim();
            }

            var labelMatch = LabelPrefix().Match(line);
            if (labelMatch.Success && IsLabelWord(labelMatch.Groups["label"].Value) && ParseLabel(labelMatch.Groups["label"].Value) is { } part)
            {
                line = line[labelMatch.Length..].Trim();
                if (line.Length == 0)
                {
                    heading = part;
                    inline = null;
                    continue;
                }

                inline = part;
            }
            else if (HeadingOnly().IsMatch(line) && ParseLabel(HeadingOnly().Match(line).Groups["label"].Value) is { } headingPart)
            {
                heading = headingPart;
                inline = null;
                continue;
            }

            line = Emphasis().Replace(line, "${inner}");
            foreach (var sentence in Sentences(line))
            {
                segments.Add(new Segment(sentence, paragraph, inline ?? heading, bullet));
            }
        }

        return segments;
    }

    /// <summary>Maps a label word to a STAR part; null for words that are not labels.</summary>
    public static StarPart? ParseLabel(string word) => word.Trim().ToLowerInvariant() switch
    {
        "s" or "situation" or "the situation" or "context" or "background" or "setting" or "the setup" or "setup" or "problem" or "the problem" => StarPart.Situation,
        "t" or "task" or "the task" or "my task" or "goal" or "the goal" or "my goal" or "objective" or "challenge" or "the challenge" or "my role" or "role" or "responsibility" or "the ask" or "mission" or "my job" or "job" or "the job" or "my part" or "aim" or "my aim" => StarPart.Task,
        "a" or "action" or "actions" or "what i did" or "approach" or "my approach" or "steps" or "what we did" or "how" or "solution" => StarPart.Action,
        "r" or "result" or "results" or "outcome" or "outcomes" or "impact" or "what happened" or "lesson" or "lessons" or "learning" or "learnings" or "what i learned" or "what i learnt" or "takeaway" or "takeaways" => StarPart.Result,
        _ => null,
    };

    // A single letter is a label only in capitals ("S:", "T -"); "a)" starts a list item.
    private static bool IsLabelWord(string word) => word.Trim().Length > 1 || char.IsUpper(word.Trim()[0]);

    private static IEnumerable<string> Sentences(string line)
    {
        foreach (var sentence in SentenceBreak().Split(line))
        {
            var trimmed = sentence.Trim();
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
    [GeneratedRegex(@"^[#>\s]*(?:\*\*|__|\*|_)?\s*(?<label>[A-Za-z][A-Za-z ]{0,16}?)\s*(?:\*\*|__|\*|_)?\s*(?::|->|=>|–|—|\s-\s|\)|\s-$)\s*(?:\*\*|__|\*|_)?\s*")]
    private static partial Regex LabelPrefix();

    // "**Situation**" or "## Task" standing alone, or a bold label followed by text without a colon.
    [GeneratedRegex(@"^(?:#{1,4}\s*|\*\*)(?<label>[A-Za-z][A-Za-z ]{0,16}?)(?:\*\*)?:?\s*$")]
    private static partial Regex HeadingOnly();

    [GeneratedRegex(@"(?<![A-Za-z])[STAR]\s?:\s")]
    private static partial Regex InlineLetterLabel();

    [GeneratedRegex(@"(\*\*|__)(?<inner>.+?)\1")]
    private static partial Regex Emphasis();

    // After . ! ? (not inside "e.g." or a decimal) and before the next sentence's first character. People typing
    // fast in chat start sentences in lower case ("… twice. i called the dock manager"), so any letter counts.
    [GeneratedRegex(@"(?<=[.!?…])(?<!\b(?:e\.g|i\.e|etc|vs|approx|Dr|Mr|Ms|Mrs|[A-Z])\.)[""')\]]*\s+(?=[""'(\[]?[\p{L}0-9])")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"(?:;\s+|,\s+(?=(?:so|and|and then|but|but then|which meant|and so|because)\s)|\s+(?=(?:and then|so then|so basically|so I|and I)\s))", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();
}
