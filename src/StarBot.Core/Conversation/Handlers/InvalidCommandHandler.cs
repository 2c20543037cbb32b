using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class InvalidCommandHandler : CommandHandler<InvalidCommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(InvalidCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        One(RoundReplies.Notice(command.Problem));
}
