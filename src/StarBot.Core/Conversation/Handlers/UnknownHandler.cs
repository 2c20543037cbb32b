using StarBot.Core.Replies;
using StarBot.Core.Text;

namespace StarBot.Core.Conversation.Handlers;

/// <summary>Text outside a round that is no command: a short hint, not the whole help.</summary>
internal sealed class UnknownHandler : CommandHandler<NotACommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(NotACommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var text = command.Text;
        if (CommandParser.IsLong(text))
        {
            return One(RoundReplies.Notice("There is no practice round open here, so I did not take that as an answer. Start one with **practice**, or say **feedback** followed by your answer.") with
            {
                Buttons = [new ReplyButton("Start a practice round", "practice")],
            });
        }

        var parts = text.Split(' ', 2, StringSplitOptions.TrimEntries);
        var word = parts[0];
        var closest = Closest(word.ToLowerInvariant());
        var hint = closest is null
            ? $"I don't know \"{word}\". Say **help** for what I can do, or **practice** to start a round."
            : $"I don't know \"{word}\". Did you mean **{(parts.Length > 1 ? closest + " " + parts[1] : closest)}**? Say **help** for everything I can do.";
        return One(RoundReplies.Notice(hint) with { Buttons = [new ReplyButton("Help", "help")] });
    }

    /// <summary>The command word a typo most likely meant, when one is close enough to be a typo.</summary>
    private static string? Closest(string word) =>
        CommandParser.CommandWords
            .Select(c => (Command: c, Distance: Words.EditDistance(word, c) / (double)Math.Max(word.Length, c.Length)))
            .Where(x => x.Distance <= 0.34)
            .OrderBy(x => x.Distance)
            .Select(x => x.Command)
            .FirstOrDefault();
}
