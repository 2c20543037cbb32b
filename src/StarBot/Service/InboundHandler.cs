using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Service;

/// <summary>Handles one stored inbound event: the Coach's replies, addressed, ready for the outbox.</summary>
public sealed class InboundHandler(Coach coach)
{
    public async Task<IReadOnlyList<OutboundMessage>> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var inbound = item.Inbound;
        var replies = await coach.HandleAsync(inbound, cancellationToken);
        return [.. replies.Select((reply, i) => Address(item, reply, i))];
    }

    /// <summary>What every platform gets when handling fails for good: the person is told, and nothing they said is lost.</summary>
    public static OutboundMessage Apology(InboxItem item) => Address(item, RoundReplies.Notice(
        "Sorry, something broke while I was handling that. Your message is saved; please try again in a minute."), 99);

    private static OutboundMessage Address(InboxItem item, Reply reply, int index) => OutboundMessage.Answering(item.Inbound, reply, $"reply:{item.DedupeKey}:{index}");
}
