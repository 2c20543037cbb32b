using StarBot.Core.Text;

namespace StarBot.Core.Content;

/// <summary>
/// Words people use for the same interview topic, grouped under one concept, so that "coaching juniors" finds a
/// question tagged "mentoring" and "tough call with little data" finds "decision with incomplete information".
/// This is vocabulary, not content: it names no question and holds no answer text.
/// </summary>
internal static class TopicLexicon
{
    private static readonly Dictionary<string, string[]> Groups = new()
    {
        ["lead"] = ["lead", "led", "leading", "leader", "leadership", "spearhead", "spearheaded", "steer", "steered", "charge", "headed"],
        ["authority"] = ["authority", "formal", "title", "rank", "mandate", "official", "hierarchy", "power", "informal", "report", "reports", "reported", "reporting", "nobody"],
        ["influence"] = ["influence", "persuade", "persuasion", "persuasive", "convince", "convinced", "convincing", "buy-in", "pitch", "pitched", "sway", "advocate", "adopt", "adoption", "champion", "lobby", "lobbied"],
        ["mentor"] = ["mentor", "mentored", "mentoring", "mentorship", "coach", "coached", "coaching", "teach", "taught", "teaching", "train", "trained", "training", "junior", "juniors", "upskill", "grow", "growth", "develop", "developing", "apprentice", "intern", "interns", "protege", "nurture"],
        ["decision"] = ["decision", "decisions", "decide", "decided", "deciding", "choose", "chose", "choice", "judgement", "judgment", "call", "dilemma", "tradeoff", "trade-off", "tradeoffs", "trade-offs", "risk", "risky", "gamble", "bet"],
        ["uncertainty"] = ["incomplete", "uncertain", "uncertainty", "ambiguity", "ambiguous", "unclear", "unknown", "unknowns", "limited", "partial", "vague", "information", "info", "guess", "fog", "murky", "undefined", "missing", "little", "lack", "lacking", "scarce", "insufficient", "unsure", "blind", "gaps", "facts", "fact", "knowing", "unknowable", "guesswork"],
        ["conflict"] = ["conflict", "conflicts", "disagree", "disagreed", "disagreement", "disagreements", "argument", "argue", "argued", "clash", "clashed", "tension", "friction", "dispute", "pushback", "confrontation", "fight", "fought", "difficult-person"],
        // Who the story is with matters: a question about a colleague is not one about a manager (see Opposites).
        ["peer"] = ["peer", "peers", "coworker", "coworkers", "co-worker", "colleague", "colleagues", "teammate", "teammates", "workmate", "workmates"],
        ["failure"] = ["fail", "failed", "failure", "failures", "failing", "mistake", "mistakes", "error", "errors", "wrong", "blunder", "screwed", "screw-up", "setback", "regret", "broke", "mess", "messed", "flop", "miss", "missed"],
        ["learn"] = ["learn", "learned", "learnt", "learning", "lesson", "lessons", "reflect", "reflection", "improve", "improved"],
        ["ownership"] = ["own", "owned", "owner", "ownership", "responsibility", "responsible", "accountable", "accountability", "initiative", "proactive", "proactively", "above", "beyond", "step", "stepped"],
        ["customer"] = ["customer", "customers", "client", "clients", "user", "users", "support", "service", "satisfaction"],
        ["upset"] = ["angry", "upset", "frustrated", "irate", "furious", "unhappy", "complaint", "complaints", "complain", "complained", "escalation", "escalated", "difficult-customer"],
        ["priority"] = ["priority", "priorities", "prioritise", "prioritize", "prioritised", "prioritized", "prioritisation", "prioritization", "deadline", "deadlines", "juggle", "juggling", "competing", "multitask", "multitasking", "workload", "overload", "overloaded", "urgent", "busy", "pressure", "time-management", "focus", "stress", "stressed", "stressful", "overwhelmed", "overwhelming", "crunch"],
        ["communicate"] = ["communicate", "communicated", "communication", "explain", "explained", "explaining", "present", "presented", "presentation", "audience", "non-technical", "nontechnical", "jargon", "writing", "written", "message", "listen", "listening", "clarity", "storytelling"],
        ["team"] = ["team", "teams", "teamwork", "collaborate", "collaborated", "collaboration", "collaborative", "cooperate", "cooperation", "together", "cross-functional", "cross-team", "partner", "partnered"],
        ["technical"] = ["technical", "technology", "architecture", "architect", "design", "designed", "system", "systems", "stack", "framework", "refactor", "refactoring", "debt", "migration", "migrate", "engineering", "tool", "tooling", "build", "scalability", "performance"],
        ["feedback"] = ["feedback", "criticism", "critique", "critical", "review", "reviews", "constructive"],
        ["change"] = ["change", "changes", "changed", "transformation", "reorg", "reorganisation", "reorganization", "restructure", "transition", "turnaround", "turn"],
        ["delegate"] = ["delegate", "delegated", "delegating", "delegation", "hand", "trust", "empower", "empowered"],
        ["stakeholder"] = ["stakeholder", "stakeholders", "executive", "executives", "leadership-team", "management", "manager", "boss", "director", "vp"],
        ["data"] = ["data", "evidence", "metrics", "numbers", "analysis", "measure", "measured"],
        ["quality"] = ["quality", "bug", "bugs", "testing", "tested", "incident", "incidents", "outage", "outages", "production", "reliability"],
        ["speed"] = ["fast", "quick", "quickly", "speed", "tight", "rush", "rushed", "short"],
    };

    /// <summary>Words that say nothing about the topic of a question.</summary>
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "without", "by", "from",
        "about", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "me",
        "my", "i", "you", "your", "we", "our", "us", "they", "their", "them", "he", "she", "his", "her", "time",
        "times", "tell", "describe", "give", "example", "examples", "situation", "when", "where", "what", "how", "why",
        "which", "who", "had", "have", "has", "did", "do", "does", "done", "some", "someone", "something", "one",
        "once", "ever", "any", "all", "most", "more", "very", "really", "just", "had", "not", "no", "so", "if", "then",
        "than", "there", "here", "would", "could", "should", "can", "will", "difficult", "hard", "tough", "challenging",
        "challenge", "big", "major", "particular", "specific", "story", "question", "questions", "answer", "please",
        "show", "want", "need", "needed", "get", "got", "make", "made", "work", "worked", "working", "job", "other",
        "others", "people", "person", "way", "new", "like", "into", "over", "up", "out", "after", "before", "while",
        "too", "many", "being", "handle", "handled", "handling", "deal", "dealt", "dealing", "cope", "coped", "coping", "enough", "much", "lot", "lots", "several", "few", "got", "bit", "kind", "sort", "thing", "things", "went",
    ];

    /// <summary>Concepts that exclude each other: asked about one, a question about only the other is the wrong story.</summary>
    public static readonly IReadOnlyList<(string, string)> Opposites = [("@peer", "@stakeholder")];

    private static readonly Dictionary<string, string> ConceptOfStem = Build();

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, words) in Groups)
        {
            foreach (var word in words)
            {
                map.TryAdd(word, concept);
                map.TryAdd(Words.Stem(word), concept);
            }
        }

        return map;
    }

    public static bool IsStopWord(string token) => StopWords.Contains(token);

    /// <summary>The terms a text is about: a concept name where the lexicon knows the word, else the word's stem.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        foreach (var token in Words.Tokenize(text))
        {
            // "buy-in" is one idea; "cross-functional" unknown to the lexicon is still about "functional".
            var pieces = token.Contains('-') && !ConceptOfStem.ContainsKey(token) ? token.Split('-') : [token];
            foreach (var piece in pieces)
            {
                var stem = Words.Stem(piece);
                if (piece.Length < 2 || StopWords.Contains(piece) || StopWords.Contains(stem) || StopWords.Contains(stem + "e"))
                {
                    continue;
                }

                // The stemmer drops a silent e ("influencing" -> "influenc"), so try it back on.
                if (ConceptOfStem.TryGetValue(piece, out var concept) || ConceptOfStem.TryGetValue(stem, out concept) || ConceptOfStem.TryGetValue(stem + "e", out concept))
                {
                    yield return "@" + concept;
                }
                else
                {
                    yield return stem;
                }
            }
        }
    }
}
