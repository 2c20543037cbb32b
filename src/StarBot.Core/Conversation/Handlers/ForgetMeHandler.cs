using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class ForgetMeHandler : CommandHandler<ForgetMeCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(ForgetMeCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        if (!command.Confirmed)
        {
            // Deleting cannot be undone, so it takes a second, deliberate message (or the button, which only they see).
            return [PrivacyReplies.ConfirmForget()];
        }

        var report = await context.PersonalData.ForgetAsync(turn.Inbound, cancellationToken);
        return [PrivacyReplies.Forgotten(report)];
    }
}

internal sealed class HistoryExportHandler : CommandHandler<HistoryExportCommand>
{
    /// <summary>Enough for years of daily practice; a bound, so one request cannot read an unbounded table into memory.</summary>
    private const int MaxAnswers = 1000;

    protected override async Task<IReadOnlyList<Reply>> HandleAsync(HistoryExportCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var history = await context.Rounds.HistoryAsync(turn.Inbound.Platform, turn.Inbound.UserId, MaxAnswers, cancellationToken);
        return PrivacyReplies.Export(context.Library, history);
    }
}
