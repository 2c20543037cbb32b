using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class FeedbackHandler : CommandHandler<FeedbackCommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(FeedbackCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        One(AnalysisReplies.Feedback(context.Analyzer.Analyze(command.Answer)) with { Visibility = ReplyVisibility.Private });
}
