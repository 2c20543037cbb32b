using StarBot.Core.Conversation;

namespace StarBot.Core.Messaging;

/// <summary>An accepted inbound event leased for handling.</summary>
public sealed record InboxItem(long Id, string DedupeKey, Inbound Inbound, int Attempts);

/// <summary>
/// Inbound events accepted from a platform. An adapter stores the event here before it acks, so that a crash
/// after the ack loses nothing: the event is handled after the restart. The dedupe key turns platform retries
/// and twin deliveries (Slack's <c>app_mention</c> plus <c>message</c>) into one event.
/// </summary>
public interface IInbox
{
    /// <summary>Stores the event; false when an event with the same key was accepted before (a retry or a twin).</summary>
    Task<bool> AcceptAsync(string dedupeKey, Inbound inbound, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<InboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the event handled and enqueues its replies, in one transaction. The replies it added come back leased to
    /// the caller until <paramref name="repliesLeasedUntil"/>, to deliver at once; a reply already there (from an
    /// earlier attempt at the same event) is left to the outbox and not returned.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> CompleteAsync(long id, IReadOnlyList<OutboundMessage> replies, DateTimeOffset now, DateTimeOffset repliesLeasedUntil,
        CancellationToken cancellationToken);

    /// <summary>Handling failed: try again at <paramref name="retryAt"/>, or never when <paramref name="permanent"/>.</summary>
    Task FailAsync(long id, string error, DateTimeOffset retryAt, bool permanent, CancellationToken cancellationToken);

    Task<int> PendingCountAsync(CancellationToken cancellationToken);
}
