using StarBot.Core.Text;

namespace StarBot.Core.Analysis;

/// <summary>
/// The verb a segment leads with, by kind: in notes without a subject ("Exported the report", "Reduced CI time") the
/// first verb is most of what tells an action from its outcome, and the training answers cannot hold every verb
/// people use. The lists name common verbs of doing, of measured change, and of finishing (which may be either).
/// </summary>
public static class LeadVerb
{
    public enum Kind
    {
        None,
        Doing,
        Change,
        Finishing,
    }

    private static readonly HashSet<string> Doing = Stems(
    [
        "acknowledged", "added", "adopted", "analysed", "analyzed", "arranged", "asked", "assembled", "assessed",
        "assigned", "audited", "automated", "benchmarked", "booked", "briefed", "broke", "brought", "built",
        "calculated", "called", "championed", "changed", "checked", "cleaned", "coached", "collaborated",
        "collected", "communicated", "compared", "compiled", "configured", "consolidated", "consulted", "contacted",
        "coordinated", "created", "debugged", "decided", "defined", "delegated", "deployed", "designed", "developed",
        "diagnosed", "documented", "drafted", "drew", "drove", "edited", "emailed", "enforced", "engaged",
        "escalated", "established", "estimated", "evaluated", "examined", "explained", "explored", "exported",
        "extracted", "facilitated", "filed", "fixed", "flagged", "followed", "formed", "gathered", "gave", "guided",
        "held", "hired", "hosted", "identified", "implemented", "initiated", "inspected", "installed",
        "instrumented", "integrated", "interviewed", "introduced", "investigated", "invited", "joined", "kept",
        "labeled", "labelled", "listened", "logged", "mapped", "measured", "mediated", "migrated", "modeled",
        "modelled", "monitored", "moved", "negotiated", "noted", "offered", "onboarded", "opened", "organised",
        "organized", "outlined", "paired", "partnered", "performed", "persuaded", "piloted", "planned", "posted",
        "prepared", "presented", "prioritised", "prioritized", "probed", "profiled", "programmed", "proposed",
        "prototyped", "provided", "pulled", "pushed", "put", "queried", "questioned", "ran", "reached", "read",
        "rebuilt", "recommended", "reconfigured", "recorded", "redesigned", "refactored", "reorganised",
        "reorganized", "replaced", "reported", "requested", "researched", "reviewed", "revised", "rewrote", "rolled",
        "sat", "scheduled", "scoped", "scripted", "searched", "selected", "sent", "set", "shadowed", "shared",
        "sketched", "sorted", "spent", "split", "spoke", "started", "stayed", "studied", "submitted", "suggested",
        "summarised", "summarized", "supported", "surveyed", "switched", "synced", "talked", "taught", "tested",
        "told", "took", "traced", "tracked", "trained", "translated", "triaged", "tried", "tuned", "turned",
        "updated", "upgraded", "used", "validated", "verified", "visited", "volunteered", "walked", "wrote",
    ]);

    private static readonly HashSet<string> Change = Stems(
    [
        "accelerated", "achieved", "attracted", "avoided", "became", "boosted", "cut", "decreased", "doubled",
        "dropped", "earned", "eliminated", "enabled", "exceeded", "fell", "gained", "generated", "grew", "halved",
        "hit", "improved", "increased", "landed", "lifted", "lowered", "prevented", "quadrupled", "raised",
        "received", "recovered", "reduced", "resulted", "retained", "rose", "saved", "secured", "shortened",
        "slashed", "sped", "stabilised", "stabilized", "surpassed", "tripled", "won",
    ]);

    private static readonly HashSet<string> Finishing = Stems(
    [
        "closed", "completed", "delivered", "finished", "launched", "passed", "released", "resolved", "restored",
        "shipped", "succeeded",
    ]);

    /// <summary>Words skipped before the lead verb: the subject and the connectives people open with.</summary>
    private static readonly HashSet<string> Openers =
    [
        "i", "we", "then", "also", "first", "finally", "so", "and", "next", "after", "that", "have", "has", "had", "personally",
        "quickly", "immediately", "eventually", "together", "the", "team", "my", "our", "he", "she", "they", "this", "it", "successfully",
    ];

    /// <summary>The kind of the first verb after at most three openers (<paramref name="tokens"/> as <see cref="Words.Tokenize"/> gives them).</summary>
    public static Kind Of(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < Math.Min(tokens.Count, 4); i++)
        {
            if (Openers.Contains(tokens[i]))
            {
                continue;
            }

            return KindOf(tokens[i]);
        }

        return Kind.None;
    }

    /// <summary>Whether any word is a verb of measured change ("the bill fell", "which reduced").</summary>
    public static bool HasChange(IReadOnlyList<string> tokens) => tokens.Any(t => Change.Contains(Words.Stem(t)));

    private static Kind KindOf(string token)
    {
        var stem = Words.Stem(token);
        return Change.Contains(stem) ? Kind.Change : Finishing.Contains(stem) ? Kind.Finishing : Doing.Contains(stem) ? Kind.Doing : Kind.None;
    }

    private static HashSet<string> Stems(string[] words) => [.. words.Select(Words.Stem)];
}
