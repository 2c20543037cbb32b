using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class PracticeHandler : CommandHandler<PracticeCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(PracticeCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var inbound = turn.Inbound;
        var topic = command.Topic;
        var replies = new List<Reply>();
        var threaded = !inbound.IsDirect;
        if (!threaded && await context.Rounds.FindAsync(inbound.Platform, inbound.ConversationId, null, cancellationToken) is { Status: RoundStatus.Open } open)
        {
            if (!open.MayBeClosedBy(inbound.UserId))
            {
                // Starting a round here would close this one, and only its starter may close it.
                return [RoundReplies.Notice($"A practice round is open here, started by {open.StarterName}. Answer it, or ask {open.StarterName} to close it with **done**; then **practice** starts yours.")];
            }

            // Without threads only one round can be open: close the old one so its answers get their summary.
            if (await context.CloseRoundAsync(open, cancellationToken) is { } summary)
            {
                replies.Add(summary);
            }
        }

        var question = await context.PickQuestionAsync(inbound.Platform, inbound.ConversationId, topic, cancellationToken);
        if (question is null)
        {
            replies.Add(ContentReplies.NoMatch(topic ?? "", context.Matcher.Suggest(topic ?? "")) with { Visibility = ReplyVisibility.Private });
            return replies;
        }

        // The id comes from the message, so handling the same message again (after a crash) finds the same round.
        var round = new Round(ConversationContext.IdFor($"{inbound.Platform}/{inbound.ConversationId}/{inbound.MessageId}"), inbound.Platform, inbound.ConversationId, null, question.Id, inbound.UserId, inbound.UserName, context.Time.GetUtcNow());
        await context.Rounds.CreateAsync(round, cancellationToken);
        // Asked inside another round's thread: the new round gets a thread of its own, not a second round in that one.
        var insideRound = threaded && inbound.ThreadId is { } thread && await context.Rounds.FindAsync(inbound.Platform, inbound.ConversationId, thread, cancellationToken) is not null;
        replies.Add(RoundReplies.RoundQuestion(context.Library, round, question, threaded) with { LeavesThread = insideRound });
        return replies;
    }
}
