using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

/// <summary>An answer in an open round: recorded with its verdict per part, and feedback on it.</summary>
internal static class AnswerHandler
{
    public static async Task<IReadOnlyList<Reply>> HandleAsync(Round round, Inbound inbound, ConversationContext context, CancellationToken cancellationToken)
    {
        var analysis = context.Analyzer.Analyze(inbound.Text);
        var parts = analysis.Parts.ToDictionary(p => p.Key, p => p.Value.Status);
        await context.Rounds.AddAnswerAsync(new RoundAnswer(round.Id, inbound.MessageId, inbound.UserId, inbound.UserName, inbound.Text, parts, context.Time.GetUtcNow()), cancellationToken);
        var mine = (await context.Rounds.AnswersAsync(round.Id, cancellationToken)).Where(a => a.UserId == inbound.UserId).ToList();
        var together = mine.Count > 1 ? RoundAnswer.Together(mine) : null;
        var channel = await context.Settings.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken);
        return [RoundReplies.AnswerFeedback(analysis, inbound.UserName, together) with { Visibility = channel.PrivateFeedback ? ReplyVisibility.Private : ReplyVisibility.Public }];
    }
}
