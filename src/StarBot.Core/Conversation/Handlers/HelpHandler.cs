using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class HelpHandler : CommandHandler<HelpCommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(HelpCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        One(RoundReplies.Help());
}
