using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class TopicsHandler : CommandHandler<TopicsCommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(TopicsCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        One(ContentReplies.Topics(context.Library) with { Visibility = ReplyVisibility.Private });
}
