using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Analysis;

/// <summary>
/// Turns an analysis into a few concrete, kind sentences, most important first, quoting the answer where that helps.
/// Order of importance: a missing Action or Result (the heart of an answer), a missing Task or Situation, thin
/// parts, then the qualities the tips ask for (numbers, "I", reflection), then length.
/// </summary>
public static class FeedbackWriter
{
    public const int MaxItems = 4;
    private const int QuoteLength = 90;

    public static IReadOnlyList<string> Write(StarAnalysis analysis)
    {
        var items = new List<string>();
        var parts = analysis.Parts;
        var signals = analysis.Signals;
        if (signals.Words == 0)
        {
            return ["There is no answer here yet: tell the story of one real situation, what you had to do, what you did, and how it ended."];
        }

        foreach (var part in new[] { StarPart.Action, StarPart.Result, StarPart.Task, StarPart.Situation })
        {
            if (parts[part].Status == PartStatus.Missing)
            {
                items.Add(Missing(part));
            }
        }

        foreach (var part in Enum.GetValues<StarPart>())
        {
            if (parts[part].Status == PartStatus.Weak)
            {
                // A doubtful part may well be there: say what was not clear rather than what is absent.
                items.Add(parts[part].Doubtful
                    ? $"I couldn't clearly find your {Name(part)} - if it's there, make it explicit: {WeakAdvice(part)}"
                    : $"Your {Name(part)} - \"{Quote(parts[part].Evidence[0])}\" - is thin: {WeakAdvice(part)}");
            }
        }

        var result = parts[StarPart.Result];
        if (result.Status != PartStatus.Missing && !result.Doubtful && !signals.Quantified)
        {
            items.Add($"Your result - \"{Quote(result.Evidence[^1])}\" - has no number: how much faster, cheaper, fewer, or how many people did it help?");
        }

        if (parts[StarPart.Action].Status != PartStatus.Missing && signals.WeWords >= 2 && signals.Ownership < 0.5)
        {
            items.Add($"Your actions say \"we\" {signals.WeWords} times and \"I\" {signals.IWords} {(signals.IWords == 1 ? "time" : "times")}. The interviewer is hiring you: say which steps you took yourself (\"I proposed...\", \"I wrote...\").");
        }

        if (!signals.Reflection)
        {
            items.Add("Add a sentence on what you learned or would do differently next time: it shows self-awareness.");
        }

        if (signals.TooShort)
        {
            items.Add($"At {signals.Words} words this is short for a spoken answer (about 1.5 to 3 minutes, roughly 200 to 450 words): add the detail that makes it yours.");
        }
        else if (signals.TooLong)
        {
            items.Add($"At {signals.Words} words this would take over four minutes to say: keep the Situation to two sentences and pick your three most important actions.");
        }

        if (items.Count == 0)
        {
            items.Add(signals.Credit
                ? "Strong answer: every STAR part is there, the result has numbers, you own your actions, credit others, and say what you learned."
                : "Strong answer: every STAR part is there, the result has numbers, and you say what you learned. Consider naming who helped you: it shows you work well with others.");
        }

        return items.Take(MaxItems).ToList();
    }

    public static string Name(StarPart part) => part switch
    {
        StarPart.Situation => "situation",
        StarPart.Task => "task",
        StarPart.Action => "actions",
        _ => "result",
    };

    /// <summary>Shortens a quote at a word boundary so that feedback stays readable.</summary>
    public static string Quote(string text)
    {
        var trimmed = text.Trim().TrimEnd('.', ',', ';');
        if (trimmed.Length <= QuoteLength)
        {
            return trimmed;
        }

        var cut = trimmed.LastIndexOf(' ', QuoteLength);
        return trimmed[..(cut > 40 ? cut : QuoteLength)] + "...";
    }

    private static string Missing(StarPart part) => part switch
    {
        StarPart.Action => "I can't find what you did yourself. Add the two or three most important steps you took, each starting with \"I\".",
        StarPart.Result => "Your answer stops before the outcome. Finish with what changed because of what you did (ideally with a number) and what you learned.",
        StarPart.Task => "Say what you were responsible for or trying to achieve, in one sentence, before your actions (\"My job was to...\").",
        _ => "Set the scene first: one or two sentences on where you were, what was going on, and why it mattered.",
    };

    private static string WeakAdvice(StarPart part) => part switch
    {
        StarPart.Situation => "add where this was, what was at stake, and for whom.",
        StarPart.Task => "say what exactly you had to achieve, and by when.",
        StarPart.Action => "walk through the concrete steps you took and why you chose them.",
        _ => "say what changed because of your work, with a number if you can.",
    };
}
