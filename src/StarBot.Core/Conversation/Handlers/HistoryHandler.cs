using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class HistoryHandler : CommandHandler<HistoryCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(HistoryCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        [await HistoryAsync(context, turn.Inbound.Platform, turn.Inbound.UserId, cancellationToken)];

    /// <summary>
    /// Answers read for the progress figures: a streak or a month longer than this is still shown as at least this,
    /// and the read stays bounded however long someone has practised.
    /// </summary>
    private const int MaxAnswersRead = 400;

    /// <summary>A person's practice history (the App Home tab and the <c>history</c> command).</summary>
    public static async Task<Reply> HistoryAsync(ConversationContext context, string platform, string userId, CancellationToken cancellationToken) =>
        RoundReplies.History(context.Library, await context.Rounds.HistoryAsync(platform, userId, MaxAnswersRead, cancellationToken), context.Time.GetUtcNow());
}
