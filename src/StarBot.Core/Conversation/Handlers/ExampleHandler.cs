using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class ExampleHandler : CommandHandler<ExampleCommand>
{
    protected override Task<IReadOnlyList<Reply>> HandleAsync(ExampleCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var topic = command.Topic;
        var question = context.Library.FindQuestion(topic.Trim()) is { Example: not null } byId ? byId : context.Matcher.Best(topic, q => q.Example is not null);
        return One(question is null
            ? ContentReplies.NoMatch(topic, context.Matcher.Suggest(topic)) with { Visibility = ReplyVisibility.Private }
            : ContentReplies.Example(context.Library, question) with { Visibility = ReplyVisibility.Private });
    }
}
