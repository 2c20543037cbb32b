using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class QuestionHandler : CommandHandler<QuestionCommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(QuestionCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var topic = command.Topic;
        var library = context.Library;
        var question = topic is null
            ? library.Questions[Random.Shared.Next(library.Questions.Count)]
            : library.FindQuestion(topic.Trim()) ?? context.PoolFor(topic).FirstOrDefault();
        return One(question is null
            ? ContentReplies.NoMatch(topic!, context.Matcher.Suggest(topic!)) with { Visibility = ReplyVisibility.Private }
            : RoundReplies.Question(library, question) with { Visibility = ReplyVisibility.Private });
    }
}
