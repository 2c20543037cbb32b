namespace StarBot.Core.Conversation;

/// <summary>A chat command, parsed once in the Core for every platform.</summary>
public abstract record ChatCommand
{
    /// <summary>Each command with one line of help, in the order <c>help</c> lists them.</summary>
    public static readonly IReadOnlyList<(string Usage, string Help)> All =
    [
        ("help", "what I can do"),
        ("example <topic>", "a model STAR answer on a topic, part by part, with tips (e.g. example led without authority)"),
        ("question [topic]", "a practice question to think about"),
        ("topics", "the competencies I have questions on"),
        ("feedback <your answer>", "feedback on an answer: which STAR parts it has and how to make it stronger"),
        ("practice [topic]", "start a practice round: I ask, everyone answers in the thread, each answer gets feedback"),
        ("done", "close the practice round and post its summary"),
        ("history", "your recent practice answers and the STAR parts you most often leave out (only you see it)"),
        ("history export", "all your practice answers in one message, for you to keep"),
        ("forget me", "delete everything I keep about you (I ask first)"),
        ("schedule daily 09:00 Europe/Berlin [weekdays|every day] [topic]", "post a question of the day in this channel, which opens a practice round"),
        ("schedule show | next | off", "this channel's schedule, when the next question is due, or stop it"),
        ("schedule skip 2026-12-24..2027-01-02 | unskip <dates> | skips", "days off: no question of the day on those dates here"),
        ("schedule remind 2h | off", "a reminder in each daily round's thread that long before it closes"),
        ("settings feedback private | thread", "where feedback on answers goes in this channel: only to its author, or in the thread for all"),
    ];
}

public sealed record HelpCommand : ChatCommand;

public sealed record TopicsCommand : ChatCommand;

public sealed record ExampleCommand(string Topic) : ChatCommand;

public sealed record QuestionCommand(string? Topic) : ChatCommand;

public sealed record FeedbackCommand(string Answer) : ChatCommand;

public sealed record PracticeCommand(string? Topic) : ChatCommand;

public sealed record DoneCommand : ChatCommand;

public sealed record HistoryCommand : ChatCommand;

/// <summary>The person's own answers, sent to them to keep.</summary>
public sealed record HistoryExportCommand : ChatCommand;

/// <summary><c>forget me</c>: asks to confirm; <c>forget me yes</c> (or its button) deletes.</summary>
public sealed record ForgetMeCommand(bool Confirmed) : ChatCommand;

public sealed record ScheduleCommand(string Arguments) : ChatCommand;

public sealed record FeedbackVisibilityCommand(bool Private) : ChatCommand;

public enum SmallTalk
{
    Greeting,
    Thanks,
    WhatIsStar,
}

/// <summary>Thanks, a greeting, or "what is STAR?": things people say to a bot that deserve a sentence, not the manual.</summary>
public sealed record SmallTalkCommand(SmallTalk Kind) : ChatCommand;

/// <summary>Text that is not a command: an answer inside a practice round, or something the bot does not understand.</summary>
public sealed record NotACommand(string Text) : ChatCommand;

/// <summary>A command word used wrongly (e.g. <c>example</c> without a topic), with what to say about it.</summary>
public sealed record InvalidCommand(string Name, string Problem) : ChatCommand;

public static partial class CommandParser
{
    /// <summary>The words that start a command, for the hint that names the closest one to a misspelt word.</summary>
    public static readonly IReadOnlyList<string> CommandWords = ["help", "example", "question", "topics", "feedback", "practice", "done", "history", "schedule", "settings", "forget"];

    /// <summary>Commands are short; a long message that starts with a command word inside a round is an answer.</summary>
    public const int MaxCommandWordsInRound = 8;

    private static readonly char[] Separators = [' ', '\t', '\n', '\r'];

    public static ChatCommand Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('/'))
        {
            // "/star example x" typed into a message box rather than as a slash command.
            var space = trimmed.IndexOfAny(Separators);
            trimmed = space < 0 ? "" : trimmed[space..].Trim();
        }

        if (trimmed.Length == 0)
        {
            return new HelpCommand();
        }

        if (SmallTalkIn(trimmed) is { } talk)
        {
            return new SmallTalkCommand(talk);
        }

        var split = trimmed.IndexOfAny(Separators);
        var word = (split < 0 ? trimmed : trimmed[..split]).TrimEnd(':', ',', '.', '!', '?').ToLowerInvariant();
        var rest = split < 0 ? "" : trimmed[split..].Trim();
        return word switch
        {
            "help" or "?" => new HelpCommand(),
            "topics" or "topic" => new TopicsCommand(),
            "example" or "examples" => rest.Length == 0 ? new InvalidCommand("example", "Which topic? For example: example led without authority") : new ExampleCommand(rest),
            "question" => new QuestionCommand(rest.Length == 0 ? null : rest),
            "feedback" => rest.Length == 0 ? new InvalidCommand("feedback", "Paste your answer after the word feedback: feedback <your answer>") : new FeedbackCommand(rest),
            "practice" or "practise" => new PracticeCommand(rest.Length == 0 ? null : rest),
            "schedule" => new ScheduleCommand(rest),
            "history" or "progress" or "stats" => rest.Equals("export", StringComparison.OrdinalIgnoreCase) ? new HistoryExportCommand() : new HistoryCommand(),
            "forget" => rest.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries) switch
            {
                ["me"] => new ForgetMeCommand(false),
                ["me", "yes" or "confirm"] => new ForgetMeCommand(true),
                _ => new InvalidCommand("forget", "Say forget me to have everything I keep about you deleted (I ask you to confirm first). I can only forget the person who asks."),
            },
            "settings" or "setting" => rest.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries) switch
            {
                ["feedback", "private"] => new FeedbackVisibilityCommand(true),
                ["feedback", "thread" or "public"] => new FeedbackVisibilityCommand(false),
                _ => new InvalidCommand("settings", "Say settings feedback private (feedback only for its author) or settings feedback thread (in the thread, for everyone)."),
            },
            "done" or "close" or "finish" or "end" => rest.Length == 0 || rest.Equals("round", StringComparison.OrdinalIgnoreCase) ? new DoneCommand() : new NotACommand(trimmed),
            _ => new NotACommand(trimmed),
        };
    }

    /// <summary>Longer than any command: inside a round, such text is an answer even if it starts with a command word.</summary>
    public static bool IsLong(string text) => WordCount(text) > MaxCommandWordsInRound;

    /// <summary>
    /// The whole message as small talk. Only short messages count, so an answer that opens with "Thanks to the
    /// on-call team…" stays an answer.
    /// </summary>
    private static SmallTalk? SmallTalkIn(string text)
    {
        if (WordCount(text) > 6)
        {
            return null;
        }

        return text switch
        {
            _ when WhatIsStar().IsMatch(text) => SmallTalk.WhatIsStar,
            _ when Thanks().IsMatch(text) => SmallTalk.Thanks,
            _ when Greeting().IsMatch(text) => SmallTalk.Greeting,
            _ => null,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\W*(what('?s| is| does| do)\b.*\bstar\b|(explain|define)\b.*\bstar\b|star\?|how (does|do) (this|it|you|i|star)\b.*(work|use)|how do i use (this|you|it|starbot))", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex WhatIsStar();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\W*((many |great |ok |okay |awesome,? )?(thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate it))\b[\s\w,.!]*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Thanks();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\W*(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening|day)|greetings)\b( there| all| everyone| starbot| bot)?\W*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Greeting();

    public static int WordCount(string text) => text.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Length;
}
