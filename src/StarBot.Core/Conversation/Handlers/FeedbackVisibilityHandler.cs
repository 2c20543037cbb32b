using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class FeedbackVisibilityHandler : CommandHandler<FeedbackVisibilityCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(FeedbackVisibilityCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var inbound = turn.Inbound;
        if (inbound.IsDirect)
        {
            return [RoundReplies.Notice("In a direct message, feedback is always just for you.")];
        }

        var current = await context.Settings.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken);
        await context.Settings.SaveAsync(inbound.Platform, inbound.ConversationId, current with { PrivateFeedback = command.Private }, cancellationToken);
        return [RoundReplies.Notice(command.Private
            ? "From now on, feedback on answers in this channel goes only to the person who answered."
            : "From now on, feedback on answers in this channel is posted in the round's thread.", ReplyVisibility.Public)];
    }
}
