using System.Text.RegularExpressions;

namespace StarBot.Core.Analysis;

/// <summary>
/// Phrases that, in answers people write, nearly always open one STAR part ("my task was", "as a result"). They do
/// not decide anything alone (a cue-only rule scored well on answers written for it and badly on real ones); they
/// are one input of the calibration, which learns from real answers how much a cue is worth beside the model.
/// </summary>
public static partial class PartCues
{
    /// <summary>Whether a segment holds a cue of the part (0 Situation, 1 Task, 2 Action, 3 Result).</summary>
    public static bool Has(int part, string text) => part switch
    {
        0 => Situation().IsMatch(text),
        1 => Task().IsMatch(text),
        2 => Action().IsMatch(text),
        _ => Result().IsMatch(text),
    };

    [GeneratedRegex(@"\b(?:when i (?:was|joined|started|first|worked|took over)|at my (?:last|previous|current|old|first|former) (?:job|company|role|employer|internship|workplace|position|team)|i was (?:working|an?|the|one of|part of|on (?:a|the)|leading|interning|employed)|i worked (?:as|at|on|for)|during (?:my|our|a|the)|(?:last|this past|one) (?:year|summer|spring|fall|autumn|winter|quarter|semester)|in my (?:last|previous|first|current|former|old) (?:role|job|position|company)|while (?:i was )?(?:working|at|interning)|(?:our|the) (?:team|company|client|project|product|startup) (?:was|had|were|needed)|we (?:had|were|faced)|there was|there were|at the time|back (?:then|in))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Situation();

    [GeneratedRegex(@"\b(?:my (?:task|job|goal|role|responsibility|assignment|mission|challenge|objective|part) (?:was|is|became)|i was (?:asked|tasked|responsible|assigned|given|charged|expected|supposed|in charge|chosen|brought in)|i (?:had|needed|wanted|was trying|set out) to|(?:the|our) (?:goal|task|ask|objective|aim|mission|challenge) (?:was|is)|it (?:was|fell) (?:on|to) me|(?:my|our) (?:manager|boss|lead|team lead|director|professor|mentor|cto|ceo) (?:asked|told|wanted|gave) me|i (?:took it on|stepped up) to|needed someone to|i had to (?:make sure|ensure|find|figure|get|deliver))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Task();

    [GeneratedRegex(@"\b(?:(?:i|we) (?:first |then |also |quickly |personally |immediately |together )?(?:started|began|decided|proposed|created|built|wrote|set up|organi[sz]ed|scheduled|reached out|talked|spoke|met|analy[sz]ed|implemented|introduced|designed|led|used|asked|called|reviewed|refactored|added|fixed|gathered|researched|collaborated|coordinated|suggested|investigated|identified|documented|automated|migrated|prototyped|tested|created|drafted|presented|negotiated|trained|mentored|paired|sat down|broke|split|prioriti[sz]ed|focused|worked with|went through|dug into|pulled|traced|rewrote|replaced|made sure|convinced|volunteered|took the initiative))\b|^(?:first|then|next|after that|finally),? ", RegexOptions.IgnoreCase)]
    private static partial Regex Action();

    [GeneratedRegex(@"\b(?:as a result|in the end|ultimately|eventually|the result was|this resulted|which resulted|resulted in|led to|the outcome|we (?:shipped|launched|delivered|finished|met|hit|reduced|increased|saved|won|cut|went live)|(?:increased|reduced|decreased|improved|cut|dropped|fell|grew|saved|doubled|halved|tripled) (?:by|from|to|our|the|it|in)|went (?:from|down|up)|i learned|i learnt|i realized|i realised|lessons? (?:learned|learnt)|taught me|successfully|on time|ahead of schedule|(?:was|were|got) (?:praised|promoted|recognized|recognised|adopted|approved)|the (?:project|launch|client|customer|team|feature|release) (?:was|were|went)|(?:feedback|response) was|since then|no (?:more|further) \w+|zero \w+ since)\b|\d+\s?%", RegexOptions.IgnoreCase)]
    private static partial Regex Result();
}
