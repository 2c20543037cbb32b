using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class DoneHandler : CommandHandler<DoneCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(DoneCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var (inbound, round) = turn;
        if (round is null)
        {
            return [RoundReplies.Notice("There is no practice round open here. Start one with **practice**.")];
        }

        if (round.Status == RoundStatus.Closed)
        {
            // The same message handled again (the round closed, then its replies were not stored: a crash, a full
            // disk): it gets its summary again, and the outbox keeps one copy of it.
            return round.ClosedBy is { } by && by == inbound.MessageId
                ? [await context.SummaryAsync(round, cancellationToken)]
                : [RoundReplies.Notice("This round is already closed.")];
        }

        if (!round.MayBeClosedBy(inbound.UserId))
        {
            return [RoundReplies.Notice($"Only the person who started this round ({round.StarterName}) can close it. Your answers are still welcome until then.")];
        }

        return await context.CloseRoundAsync(round, cancellationToken, inbound.MessageId) is { } summary ? [summary] : [RoundReplies.Notice("This round is already closed.")];
    }
}
