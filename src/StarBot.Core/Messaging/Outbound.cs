using StarBot.Core.Conversation;
using StarBot.Core.Replies;

namespace StarBot.Core.Messaging;

/// <summary>A reply on its way to a platform: what to send and where.</summary>
/// <param name="DedupeKey">Unique per message: the same inbound handled twice enqueues each reply once.</param>
/// <param name="ThreadId">The thread to answer in; null for a top-level post.</param>
/// <param name="RecipientUserId">For private replies: who may see it.</param>
/// <param name="RoundId">For a round's question posted as a new message: the round whose thread the post opens.</param>
/// <param name="RequestedBy">The person whose message this answers (null for the daily post): who to tell when it cannot be delivered.</param>
public sealed record OutboundMessage(
    string DedupeKey,
    string Platform,
    string TeamId,
    string ConversationId,
    string? ThreadId,
    string? RecipientUserId,
    Reply Reply,
    string? RoundId = null,
    string? RequestedBy = null)
{
    /// <summary>
    /// A reply to a person's message, addressed where they spoke: in their thread (a channel message starts one),
    /// or beside it in a conversation without threads; privately when the reply is private. A round's question
    /// (<see cref="ReplyPlacement.NewPost"/>) keeps the thread it was asked in too: Slack posts it at the top level
    /// and ignores it, Teams answers in that reply chain, which then is the round's; unless the question
    /// <see cref="Reply.LeavesThread"/>, when it is a new top-level post on every platform.
    /// </summary>
    public static OutboundMessage Answering(Inbound inbound, Reply reply, string dedupeKey) =>
        new(dedupeKey, inbound.Platform, inbound.TeamId, inbound.ConversationId,
            reply is { Placement: ReplyPlacement.NewPost, LeavesThread: true } ? null : inbound.ThreadId ?? (inbound.IsDirect ? null : inbound.MessageId),
            reply.Visibility == ReplyVisibility.Private ? inbound.UserId : null, reply, reply.RoundId, inbound.UserId);
}

/// <summary>A message leased for delivery; <paramref name="LeasedUntil"/> is when another worker may take it.</summary>
public sealed record OutboxItem(long Id, OutboundMessage Message, int Attempts, DateTimeOffset LeasedUntil);

/// <summary>What a platform said to a send.</summary>
public abstract record SendResult
{
    /// <summary>Delivered; <paramref name="MessageId"/> is the new post's id (Slack <c>ts</c>, Teams activity id).</summary>
    public sealed record Delivered(string? MessageId) : SendResult;

    /// <summary>Not delivered for now (rate limit, 5xx, network): try again, after <paramref name="After"/> if the platform said.</summary>
    public sealed record Retry(TimeSpan? After, string Reason) : SendResult;

    /// <summary>Never deliverable (channel gone, app uninstalled, bad request): give up and log.</summary>
    public sealed record Refused(string Reason) : SendResult;
}

/// <summary>A platform's outgoing side. Implementations translate a <see cref="Reply"/> to their wire format.</summary>
public interface IMessageSender
{
    /// <summary>The <see cref="OutboundMessage.Platform"/> this sender delivers.</summary>
    string Platform { get; }

    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Messages not yet delivered. Everything the bot says goes through it, so a reply survives a crash and a send
/// refused with 429 or 5xx is tried again.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds messages; a message whose dedupe key is already there is ignored.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboundMessage> messages, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> due messages for <paramref name="lease"/>; another worker will not take them meanwhile.</summary>
    Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a leased message until <paramref name="until"/>, if its lease is still the one taken
    /// (<paramref name="leasedUntil"/>); false when another worker has taken it since.
    /// </summary>
    Task<bool> ExtendLeaseAsync(long id, DateTimeOffset leasedUntil, DateTimeOffset until, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, string? messageId, DateTimeOffset now, CancellationToken cancellationToken);

    Task RetryLaterAsync(long id, DateTimeOffset nextAttempt, string reason, CancellationToken cancellationToken);

    /// <summary>The platform refused the message for good: it is never tried again.</summary>
    Task RefuseAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The last allowed attempt failed: the message is never tried again, and stays (status <c>failed</c>, with its
    /// attempts and last error) for inspection until retention deletes it.
    /// </summary>
    Task FailAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives a leased message back unsent and without counting an attempt (its delivery was stopped before it began).</summary>
    Task ReleaseAsync(long id, CancellationToken cancellationToken);

    /// <summary>The earliest time a pending message is due, or null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    Task<int> PendingCountAsync(CancellationToken cancellationToken);
}
