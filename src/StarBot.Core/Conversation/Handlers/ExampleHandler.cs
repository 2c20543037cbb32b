using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class ExampleHandler : CommandHandler<ExampleCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(ExampleCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken)
    {
        var topic = command.Topic.Trim();
        if (context.Library.FindQuestion(topic) is { Example: not null } byId)
        {
            return [ContentReplies.Example(context.Library, byId) with { Visibility = ReplyVisibility.Private }];
        }

        string? corrected = null;
        var pool = Pool(topic, context);
        if (pool.Count == 0 && context.Matcher.Correction(topic) is { } correction)
        {
            corrected = correction;
            pool = Pool(correction, context);
        }

        if (pool.Count == 0)
        {
            return [ContentReplies.NoMatch(topic, context.Matcher.Suggest(topic)) with { Visibility = ReplyVisibility.Private }];
        }

        var shown = corrected ?? topic;
        // The pool is named by its first example: two wordings of one topic share a rotation.
        var seen = await context.Examples.NextAsync(turn.Inbound.Platform, turn.Inbound.ConversationId, pool[0].Id, cancellationToken);
        var reply = ContentReplies.Example(context.Library, pool[seen % pool.Count], $"example {shown}") with { Visibility = ReplyVisibility.Private };
        if (corrected is not null)
        {
            reply = reply with { Blocks = [new TextBlock($"I have nothing on \"{topic}\", so I'm showing {corrected}."), .. reply.Blocks] };
        }

        return [reply];
    }

    /// <summary>The examples a topic could mean, best first: a competency's in order, or the close matches of loose words.</summary>
    private static List<Question> Pool(string topic, ConversationContext context)
    {
        if (context.Library.FindCompetency(topic.Replace(' ', '-')) is { } competency)
        {
            return [.. context.Library.QuestionsIn(competency.Id).Where(q => q.Example is not null)];
        }

        var matches = context.Matcher.Match(topic, q => q.Example is not null);
        return matches.Count == 0 ? [] : [.. matches.Where(m => m.Score >= matches[0].Score * 0.5).Select(m => m.Question)];
    }
}
