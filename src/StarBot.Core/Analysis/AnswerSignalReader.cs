using System.Text.RegularExpressions;
using StarBot.Core.Content;
using StarBot.Core.Text;

namespace StarBot.Core.Analysis;

/// <summary>Reads the signals the seed's tips ask for: numbers in the result, I versus we, reflection, credit, length.</summary>
public static partial class AnswerSignalReader
{
    private static readonly HashSet<string> Singular = ["i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"];
    private static readonly HashSet<string> Plural = ["we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"];

    /// <param name="actions">The segments that may tell actions (more than the Action evidence: "we wrote the fix"
    /// near the end may be read as the outcome, and still says who acted); the whole answer when null.</param>
    public static AnswerSignals Read(string answer, IReadOnlyDictionary<StarPart, PartAnalysis> parts, IReadOnlyList<string>? actions = null)
    {
        var result = string.Join(' ', parts[StarPart.Result].Evidence);
        var actionText = actions is { Count: > 0 } ? string.Join(' ', actions) : parts[StarPart.Action].Evidence.Count > 0 ? string.Join(' ', parts[StarPart.Action].Evidence) : answer;
        var actionWords = Words.Tokenize(actionText);
        var iWords = actionWords.Count(Singular.Contains);
        var weWords = actionWords.Count(Plural.Contains);
        return new AnswerSignals(
            Quantified: result.Length > 0 && IsQuantified(result),
            Ownership: iWords + weWords == 0 ? 1.0 : Math.Round(iWords / (double)(iWords + weWords), 2),
            Reflection: Reflection().IsMatch(answer),
            Credit: Credit().IsMatch(answer),
            Words: Words.Tokenize(answer).Count,
            IWords: iWords,
            WeWords: weWords);
    }

    public static bool IsQuantified(string text) => Quantity().IsMatch(text);

    // Digits ("from 12 to 3", "4.2 to 4.6", "below 100", "40%"), money, and the words people use for a measured change
    // ("halved", "twice as fast", "two weeks", "no outages since", "never again").
    [GeneratedRegex(@"\d|[$€£]|\bpercent\b|\b(?:half|halved|double[d]?|tripled?|quadrupled|twice|thrice|a third|a quarter|zero|none|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|dozens)\b|\b(?:no|not a single|not one) (?:more |further |new |other )?[a-z-]+ (?:since|after that|afterwards|again|anymore|any more)\b|\bnever (?:again|since|happened again|recurred)\b|\b(?:times|x) (?:faster|quicker|cheaper|more|fewer|smaller|bigger)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Quantity();

    [GeneratedRegex(@"\b(?:learn(?:ed|t|ing)?|lessons?|taught me|next time|in hindsight|looking back|(?:would|'d) (?:do|have done|change|approach)|differently|realis(?:e|ed)|realiz(?:e|ed)|takeaway|if i (?:did|had) it again|i now (?:always|make sure|try)|since then i|reflect(?:ed|ion)?|what i(?:'d| would) change|the lesson)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reflection();

    [GeneratedRegex(@"(?i:\b(?:thanks to|credit|with (?:the )?help (?:of|from)|helped me|together with|paired with|shout[- ]?out|recogni[sz]ed (?:the|their|her|his)|couldn't have|could not have|(?:my|our) (?:colleague|teammate|team ?mate|manager|lead|mentor)s? (?:[a-z]+ )?(?:helped|suggested|built|did|found|pointed|stepped|came up)))|\b[A-Z][a-z]+ (?:from|on) (?:the )?[a-z]+ team", RegexOptions.None)]
    private static partial Regex Credit();
}
