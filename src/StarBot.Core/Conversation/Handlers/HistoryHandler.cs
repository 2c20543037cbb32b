using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class HistoryHandler : CommandHandler<HistoryCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(HistoryCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        [await HistoryAsync(context, turn.Inbound.Platform, turn.Inbound.UserId, cancellationToken)];

    /// <summary>A person's practice history (the App Home tab and the <c>history</c> command).</summary>
    public static async Task<Reply> HistoryAsync(ConversationContext context, string platform, string userId, CancellationToken cancellationToken) =>
        RoundReplies.History(context.Library, await context.Rounds.HistoryAsync(platform, userId, 10, cancellationToken));
}
