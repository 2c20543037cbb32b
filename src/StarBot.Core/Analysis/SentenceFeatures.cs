using System.Text.RegularExpressions;
using StarBot.Core.Text;

namespace StarBot.Core.Analysis;

/// <summary>
/// Turns a segment and its place in the answer into hashed sparse features for the sentence model: word stems and
/// stem pairs, the first words, numbers and quantities, pronouns, tense hints, cue phrases, the opening words of the
/// segments around it, and its position in the answer and among the paragraphs. Hashing keeps the model a
/// fixed-size array and analysis free of per-feature string allocations.
/// </summary>
public static partial class SentenceFeatures
{
    public const int Bits = 18;
    public const int Size = 1 << Bits;
    private const int Mask = Size - 1;

    public static void Extract(IReadOnlyList<Segment> segments, int index, List<int> features)
    {
        var segment = segments[index];
        var count = segments.Count;
        features.Clear();
        var tokens = Words.Tokenize(segment.Text);
        var previous = Hash("<s>");
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var kind = Classify(token);
            var stem = kind switch
            {
                TokenKind.Number => Hash("<num>"),
                _ => Hash(Words.Stem(token)),
            };
            features.Add(Index(stem, 1));
            features.Add(Index(Combine(previous, stem), 2));
            if (i < 3)
            {
                // The opening words carry most of a sentence's role: "So at my last job", "My job was", "I then".
                features.Add(Index(Combine(stem, (uint)i), 3));
            }

            if (token.EndsWith("ed", StringComparison.Ordinal) && token.Length > 4)
            {
                features.Add(Index(Hash("<past>"), 4));
            }

            if (token.EndsWith("ing", StringComparison.Ordinal) && token.Length > 5)
            {
                features.Add(Index(Hash("<ing>"), 4));
            }

            if (i + 1 < tokens.Count && kind == TokenKind.Number && IsUnit(tokens[i + 1]))
            {
                features.Add(Index(Hash("<quantity>"), 5));
            }

            previous = stem;
        }

        features.Add(Index(Combine(previous, Hash("</s>")), 2));

        if (Money().IsMatch(segment.Text) || Percent().IsMatch(segment.Text))
        {
            features.Add(Index(Hash("<quantity>"), 5));
        }

        if (FromTo().IsMatch(segment.Text))
        {
            features.Add(Index(Hash("<from-to>"), 5));
        }

        // Position: where a sentence sits is strong evidence (context first, outcome last) but not proof.
        var relative = count <= 1 ? 0.5 : index / (double)(count - 1);
        features.Add(Index(Hash("<pos>"), (uint)(6 + Math.Min(4, (int)(relative * 5)))));
        if (index == 0)
        {
            features.Add(Index(Hash("<first>"), 12));
        }

        if (index == count - 1)
        {
            features.Add(Index(Hash("<last>"), 12));
        }

        features.Add(Index(Hash("<len>"), (uint)(14 + Math.Min(5, tokens.Count / 5))));
        features.Add(Index(Hash("<bias>"), 20));

        // Cue phrases generalise past the words the corpus happens to use ("my job was" for any job).
        for (var part = 0; part < 4; part++)
        {
            if (PartCues.Has(part, segment.Text))
            {
                features.Add(Index(Hash("<cue>"), (uint)(30 + part)));
            }
        }

        if (LeadVerb.Of(tokens) is var lead and not LeadVerb.Kind.None)
        {
            features.Add(Index(Hash("<lead-verb>"), (uint)(100 + (int)lead)));
        }

        if (LeadVerb.HasChange(tokens))
        {
            features.Add(Index(Hash("<change-verb>"), 110));
        }

        if (tokens.Count >= 2 && tokens[0] is "i" or "we" && (tokens[1].EndsWith("ed", StringComparison.Ordinal) || tokens[1] is "led" or "made" or "wrote" or "built" or "set" or "took" or "ran" or "got" or "spoke" or "met" or "sat" or "put" or "went" or "found" or "told" or "gave" or "brought"))
        {
            features.Add(Index(Hash("<subject-past>"), (uint)(tokens[0] == "i" ? 40 : 41)));
        }

        // The opening words of the segments around it: an action often follows "I then", a result follows "finally".
        if (index > 0)
        {
            AddOpening(segments[index - 1].Text, "<prev>", features);
            features.Add(Index(Hash(segments[index - 1].Paragraph == segment.Paragraph ? "<same-paragraph>" : "<new-paragraph>"), 50));
        }

        if (index + 1 < count)
        {
            AddOpening(segments[index + 1].Text, "<next>", features);
        }

        // Which paragraph of how many: in answers written in paragraphs, each part mostly has its own.
        var paragraphs = segments[count - 1].Paragraph - segments[0].Paragraph + 1;
        if (paragraphs > 1)
        {
            var relativeParagraph = (segment.Paragraph - segments[0].Paragraph) / (double)(paragraphs - 1);
            features.Add(Index(Hash("<paragraph>"), (uint)(60 + Math.Min(4, (int)(relativeParagraph * 5)))));
            features.Add(Index(Hash("<paragraphs>"), (uint)(70 + Math.Min(6, paragraphs))));
        }

        if (segment.Bullet)
        {
            features.Add(Index(Hash("<bullet>"), 80));
        }
    }

    private static void AddOpening(string text, string slot, List<int> features)
    {
        var tokens = Words.Tokenize(text);
        var slotHash = Hash(slot);
        for (var i = 0; i < Math.Min(2, tokens.Count); i++)
        {
            var stem = char.IsDigit(tokens[i][0]) ? Hash("<num>") : Hash(Words.Stem(tokens[i]));
            features.Add(Index(Combine(Combine(slotHash, stem), (uint)i), 90));
        }
    }

    private enum TokenKind
    {
        Word,
        Number,
    }

    private static TokenKind Classify(string token) => char.IsDigit(token[0]) ? TokenKind.Number : TokenKind.Word;

    private static bool IsUnit(string token) => token is "ms" or "s" or "sec" or "seconds" or "second" or "min" or "mins" or "minutes"
        or "minute" or "hours" or "hour" or "h" or "days" or "day" or "weeks" or "week" or "months" or "month" or "years" or "x"
        or "k" or "percent" or "people" or "users" or "customers" or "tickets" or "hrs" or "gb" or "tb" or "mb";

    private static int Index(uint hash, uint space) => (int)(Combine(hash, space) & Mask);

    private static uint Hash(string text) => Words.StableHash(text);

    private static uint Combine(uint a, uint b) => ((a * 31u) + b) * 2654435761u;

    [GeneratedRegex(@"[$€£¥]\s?\d|\d\s?(?:k|K|m|M)?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b")]
    private static partial Regex Money();

    [GeneratedRegex(@"\d\s?%|\bpercent\b")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\bfrom\b[^.]{0,40}?\d[^.]{0,30}?\bto\b[^.]{0,20}?\d", RegexOptions.IgnoreCase)]
    private static partial Regex FromTo();
}
