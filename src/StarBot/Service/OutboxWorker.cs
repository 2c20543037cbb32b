using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Service;

/// <summary>Wakes the outbox worker when something was enqueued.</summary>
public sealed class OutboxSignal : IOutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Signal() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Delivers the outbox: every outbound call of every platform goes through here, paced (a global rate and one
/// message per channel per interval), retried after the platform's <c>Retry-After</c> on 429 and with backoff
/// on 5xx, and recorded as sent only once the platform said so. A round's question post reports its new id back
/// to the round, which makes that thread the round's.
/// </summary>
public sealed partial class OutboxWorker(
    IOutbox outbox,
    IEnumerable<IMessageSender> senders,
    IRoundStore rounds,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Time a send may take once its turn has come (the platform clients give up after 10 s).</summary>
    private static readonly TimeSpan SendTime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, IMessageSender> _senders = senders.ToDictionary(s => s.Platform, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _channelNext = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, o.MessagesPerSecond / 10),
            TokensPerPeriod = Math.Max(1, o.MessagesPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        using var slots = new SemaphoreSlim(o.Concurrency);
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            var room = o.Concurrency * 4 - inFlight.Count;
            if (room <= 0)
            {
                // Full: nothing more is taken until a message in hand is done (asking the outbox meanwhile only costs).
                await Task.WhenAny(inFlight);
                continue;
            }

            var items = await outbox.LeaseAsync(room, time.GetUtcNow(), Lease, stoppingToken);
            foreach (var item in items)
            {
                // Turns are taken here, in the order the outbox gave the messages: a channel's messages go in order.
                var turn = TakeTurn(item.Message, o);
                var due = turn <= time.GetUtcNow();
                if (due)
                {
                    // Its turn has come: the send slot is taken here, so that no more is started than can be sent.
                    await slots.WaitAsync(stoppingToken);
                }

                inFlight.Add(Task.Run(() => DeliverAsync(item, turn, slotHeld: due, rate, slots, o, stoppingToken), CancellationToken.None));
            }

            // A short batch took everything that was due: wait for the next message or the next due retry.
            if (items.Count < room)
            {
                var next = await outbox.NextDueAsync(stoppingToken);
                var wait = next is { } due ? due - time.GetUtcNow() : TimeSpan.FromSeconds(1);
                await signal.WaitAsync(wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, stoppingToken);
            }
        }

        // Let sends in progress finish so that each is recorded; unsent messages stay in the outbox for the next start.
        await Task.WhenAll(inFlight);
    }

    /// <summary>
    /// When the message may go: one message per channel per interval, so that a channel's later message waits its
    /// turn instead of earning a 429.
    /// </summary>
    private DateTimeOffset TakeTurn(OutboundMessage message, OutboxOptions o)
    {
        var now = time.GetUtcNow();
        return _channelNext.AddOrUpdate(ChannelOf(message), now + o.ChannelInterval, (_, next) => (next > now ? next : now) + o.ChannelInterval) - o.ChannelInterval;
    }

    private static string ChannelOf(OutboundMessage message) => message.Platform + "/" + message.ConversationId;

    private async Task DeliverAsync(OutboxItem item, DateTimeOffset turn, bool slotHeld, RateLimiter rate, SemaphoreSlim slots, OutboxOptions o, CancellationToken stoppingToken)
    {
        var held = slotHeld;
        try
        {
            var message = item.Message;
            if (!_senders.TryGetValue(message.Platform, out var sender))
            {
                await outbox.RefuseAsync(item.Id, $"no sender for platform '{message.Platform}'", time.GetUtcNow(), CancellationToken.None);
                return;
            }

            var channel = ChannelOf(message);
            var now = time.GetUtcNow();

            // A message whose turn comes after its lease runs out would be leased again meanwhile and sent twice (a
            // busy channel: 120 queued replies at one a second): keep it longer first, unless another worker took it.
            var sendBy = (turn > now ? turn : now) + SendTime;
            if (sendBy > item.LeasedUntil && !await outbox.ExtendLeaseAsync(item.Id, item.LeasedUntil, sendBy + Lease, CancellationToken.None))
            {
                LogLeaseLost(logger, item.Id, message.Platform);
                return;
            }

            if (turn > now)
            {
                await Task.Delay(turn - now, time, stoppingToken);
            }

            // A message that had to wait for its channel's turn takes its send slot only now: waiting for a busy
            // channel must not hold the slots that other channels' messages need (they would wait behind its backlog).
            if (!held)
            {
                await slots.WaitAsync(stoppingToken);
                held = true;
            }

            SendResult result;
            try
            {
                using var lease = await rate.AcquireAsync(1, stoppingToken);
                result = await sender.SendAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !stoppingToken.IsCancellationRequested)
            {
                result = new SendResult.Retry(null, e.GetType().Name + ": " + e.Message);
            }

            now = time.GetUtcNow();
            switch (result)
            {
                case SendResult.Delivered delivered:
                    if (message.RoundId is { } roundId && message.Reply.Placement == ReplyPlacement.NewPost && delivered.MessageId is { } postId)
                    {
                        await rounds.AttachThreadAsync(roundId, postId, CancellationToken.None);
                    }

                    await outbox.MarkSentAsync(item.Id, delivered.MessageId, now, CancellationToken.None);
                    break;
                case SendResult.Retry retry when retry.After is not null || item.Attempts + 1 < o.MaxAttempts:
                    // A rate limit is never a reason to give up: wait as long as the platform asks.
                    var after = retry.After ?? TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, item.Attempts)) + Random.Shared.NextDouble());
                    _channelNext.AddOrUpdate(channel, now + after, (_, next) => next > now + after ? next : now + after);
                    LogRetry(logger, item.Id, message.Platform, retry.Reason, after.TotalSeconds);
                    await outbox.RetryLaterAsync(item.Id, now + after, retry.Reason, CancellationToken.None);
                    break;
                case SendResult.Retry retry:
                    LogGaveUp(logger, item.Id, message.Platform, retry.Reason, item.Attempts + 1);
                    await outbox.RefuseAsync(item.Id, retry.Reason, now, CancellationToken.None);
                    break;
                case SendResult.Refused refused:
                    LogRefused(logger, item.Id, message.Platform, refused.Reason);
                    await outbox.RefuseAsync(item.Id, refused.Reason, now, CancellationToken.None);
                    break;
            }
        }
        finally
        {
            if (held)
            {
                slots.Release();
            }
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Outbound {OutboxId} to {Platform}: retry in {Seconds:F1} s ({Reason})")]
    private static partial void LogRetry(ILogger logger, long outboxId, string platform, string reason, double seconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Outbound {OutboxId} to {Platform} given up after {Attempts} attempts: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, long outboxId, string platform, string reason, int attempts);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Outbound {OutboxId} to {Platform} was taken by another worker while it waited for its turn; not sent here")]
    private static partial void LogLeaseLost(ILogger logger, long outboxId, string platform);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Outbound {OutboxId} to {Platform} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, long outboxId, string platform, string reason);
}
