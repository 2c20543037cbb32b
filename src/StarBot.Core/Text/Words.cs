using System.Text;

namespace StarBot.Core.Text;

/// <summary>Word splitting and a light stemmer shared by topic matching and answer analysis.</summary>
public static class Words
{
    /// <summary>Lowercase word tokens: letters, digits and inner apostrophes or dashes.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if ((c == '\'' || c == '\u2019') && sb.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                sb.Append('\'');
            }
            else if (c == '-' && sb.Length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
            {
                // "buy-in", "non-technical", "follow-up": one word to a reader.
                sb.Append('-');
            }
            else if (sb.Length > 0)
            {
                tokens.Add(sb.ToString());
                sb.Clear();
            }
        }

        if (sb.Length > 0)
        {
            tokens.Add(sb.ToString());
        }

        return tokens;
    }

    /// <summary>FNV-1a over the characters: a hash that, unlike string.GetHashCode, is the same in every process.</summary>
    /// <summary>Levenshtein distance: how many letters to insert, delete or change to turn one word into the other.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }

    public static uint StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }

    /// <summary>
    /// Strips common English inflections so that "mentoring", "mentored" and "mentors" meet. Deliberately light:
    /// the lexicon handles irregular forms ("led", "taught"), and over-stemming would merge unrelated words.
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        if (word.EndsWith("'s", StringComparison.Ordinal))
        {
            word = word[..^2];
        }

        foreach (var (suffix, replacement, minStem) in Suffixes)
        {
            if (word.Length - suffix.Length >= minStem && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length] + replacement;
                // "planned" -> "plann" -> "plan"
                if (replacement.Length == 0 && stem.Length > 3 && stem[^1] == stem[^2] && !"lsz".Contains(stem[^1]))
                {
                    stem = stem[..^1];
                }

                return stem;
            }
        }

        return word;
    }

    private static readonly (string Suffix, string Replacement, int MinStem)[] Suffixes =
    [
        ("ational", "ate", 3), ("ization", "ize", 3), ("isation", "ize", 3), ("fulness", "ful", 3),
        ("iveness", "ive", 3), ("ements", "", 4), ("ement", "", 4), ("ments", "", 4), ("ment", "", 4),
        ("ities", "", 3), ("ity", "", 3), ("ings", "", 3), ("ing", "", 3), ("ies", "y", 2), ("ied", "y", 2),
        ("ions", "", 3), ("ion", "", 3), ("edly", "", 3), ("ed", "", 3), ("ers", "", 3), ("er", "", 3),
        ("ly", "", 3), ("es", "", 4), ("s", "", 3),
    ];
}
