using StarBot.Core.Text;

namespace StarBot.Core.Content;

public sealed record TopicMatch(Question Question, double Score);

/// <summary>
/// Finds the question a person means by a loose topic ("led without authority", "coaching juniors"). Each
/// question is a weighted bag of terms (concepts from <see cref="TopicLexicon"/>, else word stems): its tags and
/// wording count most, its competency next, the words of its example answer a little. Rare terms weigh more (IDF).
/// </summary>
public sealed class TopicMatcher
{
    private const double TagWeight = 3.0;
    private const double QuestionWeight = 3.0;
    private const double CompetencyWeight = 2.0;
    private const double ExampleWeight = 0.4;

    /// <summary>Below this a match rests on nothing but passing words of an example answer.</summary>
    private const double MinimumScore = 1.2;

    private readonly ContentLibrary _library;
    private readonly List<(Question Question, Dictionary<string, double> Terms)> _index = [];
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly List<string> _topicWords;
    private readonly double _rareIdf;

    public TopicMatcher(ContentLibrary library)
    {
        _library = library;
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var question in library.Questions)
        {
            var competency = library.CompetencyOf(question);
            var terms = new Dictionary<string, double>(StringComparer.Ordinal);
            Add(terms, string.Join(' ', question.Tags), TagWeight);
            Add(terms, question.Text, QuestionWeight);
            Add(terms, competency.Id.Replace('-', ' ') + " " + competency.Name, CompetencyWeight);
            if (question.Example is { } example)
            {
                Add(terms, string.Join(' ', Enum.GetValues<StarPart>().Select(p => example[p] ?? "")), ExampleWeight);
            }

            _index.Add((question, terms));
            // Rarity is judged on what questions are about (tags, wording, competency), not on the passing words
            // of their example answers, which would make every common word look equally common.
            foreach (var term in terms.Where(t => t.Value >= CompetencyWeight - ExampleWeight).Select(t => t.Key))
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        var n = Math.Max(1, library.Questions.Count);
        _rareIdf = Math.Log(1.0 + n);
        foreach (var (term, df) in documentFrequency)
        {
            _idf[term] = Math.Log(1.0 + (n / (double)df));
        }

        _topicWords = library.Questions.SelectMany(q => q.Tags)
            .Concat(library.Competencies.Select(c => c.Id))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Questions best matching the topic, best first; empty when nothing matches well enough.</summary>
    public IReadOnlyList<TopicMatch> Match(string topic, Func<Question, bool>? filter = null)
    {
        var query = TopicLexicon.Terms(topic).Distinct(StringComparer.Ordinal).ToList();
        if (query.Count == 0)
        {
            return [];
        }

        var matches = new List<TopicMatch>();
        foreach (var (question, terms) in _index)
        {
            if (filter is not null && !filter(question))
            {
                continue;
            }

            var score = 0.0;
            var matched = 0;
            foreach (var term in query)
            {
                if (terms.TryGetValue(term, out var weight))
                {
                    score += weight * _idf.GetValueOrDefault(term, _rareIdf);
                    matched++;
                }
            }

            // Coordination: a question that speaks to every word asked about beats one that speaks loudly to one.
            score *= matched / (double)query.Count;

            // "Conflict with a coworker" is not "disagreed with your manager", however much else they share.
            foreach (var (one, other) in TopicLexicon.Opposites)
            {
                if (Opposed(query, terms, one, other) || Opposed(query, terms, other, one))
                {
                    score *= 0.25;
                }
            }

            // A competency named outright ("leadership", "conflict") is a strong, unambiguous signal.
            if (string.Equals(topic.Trim().Replace(' ', '-'), question.CompetencyId, StringComparison.OrdinalIgnoreCase))
            {
                score += 10;
            }

            if (score >= MinimumScore)
            {
                matches.Add(new TopicMatch(question, score / Math.Sqrt(query.Count)));
            }
        }

        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Question.Id, StringComparer.Ordinal)];
    }

    public Question? Best(string topic, Func<Question, bool>? filter = null) =>
        Match(topic, filter) is [var first, ..] ? first.Question : null;

    /// <summary>
    /// The words of a topic that no question is about (by its tags, wording or competency; the passing words of an
    /// example answer do not count): "sometimes" in "schedule … sometimes" names nothing, though some example says it.
    /// </summary>
    public IReadOnlyList<string> UnmatchedWords(string topic) =>
        [.. Words.Tokenize(topic)
            .Where(w => !TopicLexicon.IsStopWord(w))
            .Where(w => TopicLexicon.Terms(w).ToList() is { Count: > 0 } terms && !terms.Any(_idf.ContainsKey))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The one topic a misspelt word clearly means ("leadershp"); null when none or several are as close.</summary>
    public string? Correction(string topic)
    {
        var close = CloseTopics(topic);
        return close is [var only] || (close is [var first, var second] && first.Distance < second.Distance - 0.15) ? close[0].Topic : null;
    }

    private List<(string Topic, double Distance)> CloseTopics(string topic)
    {
        var words = Words.Tokenize(topic).Where(w => !TopicLexicon.IsStopWord(w)).ToList();
        return words.Count != 1
            ? []
            : [.. _topicWords
                .Select(t => (Topic: t, Distance: RelativeDistance(words[0], t)))
                .Where(x => x.Distance is > 0 and <= 0.25)
                .OrderBy(x => x.Distance)
                .ThenBy(x => x.Topic, StringComparer.Ordinal)
                .Take(2)];
    }

    /// <summary>Topics worth offering when nothing matched: the tags and competencies spelled closest to the words typed.</summary>
    public IReadOnlyList<string> Suggest(string topic, int count = 5)
    {
        var words = Words.Tokenize(topic).Where(w => !TopicLexicon.IsStopWord(w)).ToList();
        var ranked = _topicWords
            .Select(t => (Topic: t, Distance: words.Count == 0 ? 1.0 : words.Min(w => t.Split(' ', '-').Min(part => RelativeDistance(w, part)))))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Topic, StringComparer.Ordinal)
            .ToList();
        var close = ranked.Where(x => x.Distance <= 0.5).Select(x => x.Topic).Take(count).ToList();
        return close.Count > 0 ? close : [.. _library.Competencies.Select(c => c.Id)];
    }

    private static bool Opposed(List<string> query, Dictionary<string, double> terms, string asked, string opposite) =>
        query.Contains(asked) && !query.Contains(opposite)
        && terms.GetValueOrDefault(opposite) >= CompetencyWeight && terms.GetValueOrDefault(asked) < CompetencyWeight;

    private static void Add(Dictionary<string, double> terms, string text, double weight)
    {
        // Each field counts once per term, and the fields add up: a term in the tags, the wording and the
        // competency outweighs one that appears in only one of them.
        foreach (var term in TopicLexicon.Terms(text).Distinct(StringComparer.Ordinal))
        {
            terms[term] = terms.GetValueOrDefault(term) + weight;
        }
    }

    private static double RelativeDistance(string a, string b) => Words.EditDistance(a, b) / (double)Math.Max(1, Math.Max(a.Length, b.Length));
}
