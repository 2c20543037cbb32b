using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

/// <summary>Text outside a round that is no command.</summary>
internal sealed class UnknownHandler : CommandHandler<NotACommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(NotACommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var text = command.Text;
        var word = text.Split(' ', 2)[0];
        var intro = CommandParser.IsLong(text)
            ? "There is no practice round open here, so I did not take that as an answer. Start one with **practice**, or say **feedback** followed by your answer."
            : $"I don't know \"{word}\". Here is what I can do:";
        return One(RoundReplies.Help(intro));
    }
}
