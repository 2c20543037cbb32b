using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StarBot.Core.Conversation;
using StarBot.Core.Hosting;
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
/// to the round, which makes that thread the round's. A handled event's replies are handed to it directly
/// (<see cref="HandOverAsync"/>); the rest (daily posts, retries, what a stopped process left) it takes from the outbox.
/// </summary>
public sealed partial class OutboxWorker : BackgroundService
{
    /// <summary>Time a send may take once its turn has come (the platform clients give up after 10 s).</summary>
    private static readonly TimeSpan SendTime = TimeSpan.FromSeconds(30);

    private readonly IOutbox _outbox;
    private readonly IRoundStore _rounds;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly OutboxOptions _options;

    /// <summary>
    /// How long a message is kept from other workers while one delivers it (<c>Outbox:Lease</c>): a setting, not a
    /// constant, because a crashed worker's messages are taken over only after it, which bounds how late they go out.
    /// </summary>
    public TimeSpan Lease => _options.Lease;
    private readonly ILogger<OutboxWorker> _logger;
    private readonly Dictionary<string, IMessageSender> _senders;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _channelNext = new(StringComparer.Ordinal);
    private readonly TokenBucketRateLimiter _rate;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _inFlightLock = new();
    private readonly List<Task> _inFlight = [];

    /// <summary>
    /// Cancelled when the host stops, like the loop's own token; hand-overs need it from the start, and the loop may
    /// start later than the inbox worker hands over its first replies (a background service starts on its own thread).
    /// </summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled only when the host's shutdown time is up: what a send in flight is given.</summary>
    private readonly CancellationTokenSource _abandon = new();

    public OutboxWorker(IOutbox outbox, IEnumerable<IMessageSender> senders, IRoundStore rounds, OutboxSignal signal, TimeProvider time, IOptions<OutboxOptions> options,
        ILogger<OutboxWorker> logger)
    {
        _outbox = outbox;
        _rounds = rounds;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _senders = senders.ToDictionary(s => s.Platform, StringComparer.Ordinal);
        _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, _options.MessagesPerSecond / 10),
            TokensPerPeriod = Math.Max(1, _options.MessagesPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        _slots = new SemaphoreSlim(_options.Concurrency);
    }

    /// <summary>
    /// Delivers messages that the caller has just stored leased to this worker (<see cref="Lease"/>), without asking
    /// the outbox for them again: a handled event's replies go out at once. If the process stops first, the outbox
    /// gives them to a worker when the lease runs out.
    /// </summary>
    public async Task HandOverAsync(IReadOnlyList<OutboxItem> items)
    {
        foreach (var item in items)
        {
            if (_stopping.IsCancellationRequested)
            {
                // What was not started stays leased in the outbox, for a worker to take after the lease.
                return;
            }

            await DispatchAsync(item, waitForSlot: false, _stopping.Token);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await BackgroundLoop.RunAsync("outbox", PassAsync, _logger, _time, stoppingToken);

        // Let sends in progress finish so that each is recorded; unsent messages stay in the outbox for the next start.
        Task[] last;
        lock (_inFlightLock)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            last = [.. _inFlight];
        }

        LogStopping(_logger, last.Length);
        await Task.WhenAll(last);
    }

    /// <summary>Starts delivering what is due, then, when it took everything due, waits for the next message or retry.</summary>
    private async Task<bool> PassAsync(CancellationToken stoppingToken)
    {
        Task[] inFlight;
        lock (_inFlightLock)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            inFlight = [.. _inFlight];
        }

        var room = _options.Concurrency * 4 - inFlight.Length;
        if (room <= 0)
        {
            // Full: nothing more is taken until a message in hand is done (asking the outbox meanwhile only costs).
            await Task.WhenAny(inFlight);
            return true;
        }

        var items = await _outbox.LeaseAsync(room, _time.GetUtcNow(), Lease, stoppingToken);
        foreach (var item in items)
        {
            await DispatchAsync(item, waitForSlot: true, stoppingToken);
        }

        // A short batch took everything that was due: wait for the next message or the next due retry.
        if (items.Count < room)
        {
            var next = await _outbox.NextDueAsync(stoppingToken);
            var wait = next is { } due ? due - _time.GetUtcNow() : TimeSpan.FromSeconds(1);
            await _signal.WaitAsync(wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, stoppingToken);
        }

        return true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        // Sends already in flight go on until the host's shutdown time is up, so that each is recorded as sent (or
        // failed) instead of being sent again after a restart.
        await using var abandon = cancellationToken.Register(() => _abandon.Cancel());
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        base.Dispose();
        _stopping.Dispose();
        _abandon.Dispose();
        _rate.Dispose();
        _slots.Dispose();
    }

    /// <summary>
    /// Starts delivering a leased message. Turns are taken here, in the order given: a channel's messages go in order.
    /// When its turn has come, the send slot is taken here too, so that the loop starts no more than can be sent; a
    /// hand-over takes one only if it is free (the inbox worker must not wait for the platform), else the delivery
    /// waits for it.
    /// </summary>
    private async Task DispatchAsync(OutboxItem item, bool waitForSlot, CancellationToken stoppingToken)
    {
        var turn = TakeTurn(item.Message);
        var held = false;
        if (turn <= _time.GetUtcNow())
        {
            if (waitForSlot)
            {
                await _slots.WaitAsync(stoppingToken);
                held = true;
            }
            else
            {
                held = _slots.Wait(0, CancellationToken.None);
            }
        }

        var delivery = Task.Run(() => DeliverObservedAsync(item, turn, slotHeld: held, stoppingToken), CancellationToken.None);
        lock (_inFlightLock)
        {
            _inFlight.Add(delivery);
        }
    }

    /// <summary>
    /// When the message may go: one message per channel per interval, so that a channel's later message waits its
    /// turn instead of earning a 429.
    /// </summary>
    private DateTimeOffset TakeTurn(OutboundMessage message)
    {
        var now = _time.GetUtcNow();
        var interval = _options.ChannelInterval;
        return _channelNext.AddOrUpdate(ChannelOf(message), now + interval, (_, next) => (next > now ? next : now) + interval) - interval;
    }

    private static string ChannelOf(OutboundMessage message) => message.Platform + "/" + message.ConversationId;

    /// <summary>
    /// A delivery whose failure is logged, never left in a task nobody looks at: what fails outside the send itself
    /// (the store) leaves the message leased, and it is tried again once the lease is over.
    /// </summary>
    private async Task DeliverObservedAsync(OutboxItem item, DateTimeOffset turn, bool slotHeld, CancellationToken stoppingToken)
    {
        try
        {
            await DeliverAsync(item, turn, slotHeld, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before its send began: the next start may send it at once instead of after the lease.
            try
            {
                await _outbox.ReleaseAsync(item.Id, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogDeliveryFailed(_logger, e, item.Id, item.Message.Platform, item.Message.ConversationId);
            }
        }
        catch (Exception e)
        {
            LogDeliveryFailed(_logger, e, item.Id, item.Message.Platform, item.Message.ConversationId);
        }
    }

    private async Task DeliverAsync(OutboxItem item, DateTimeOffset turn, bool slotHeld, CancellationToken stoppingToken)
    {
        var held = slotHeld;
        try
        {
            var message = item.Message;
            if (!_senders.TryGetValue(message.Platform, out var sender))
            {
                await _outbox.RefuseAsync(item.Id, $"no sender for platform '{message.Platform}'", _time.GetUtcNow(), CancellationToken.None);
                return;
            }

            var channel = ChannelOf(message);
            var now = _time.GetUtcNow();

            // A message whose turn comes after its lease runs out would be leased again meanwhile and sent twice (a
            // busy channel: 120 queued replies at one a second): keep it longer first, unless another worker took it.
            // A lease shorter than SendTime is a choice to take a crashed worker's messages over sooner: the wait for the
            // send is then covered by the lease only (a send taking longer may be taken over and sent again).
            var sendBy = (turn > now ? turn : now) + (SendTime < Lease ? SendTime : Lease);
            if (sendBy > item.LeasedUntil && !await _outbox.ExtendLeaseAsync(item.Id, item.LeasedUntil, sendBy + Lease, CancellationToken.None))
            {
                LogLeaseLost(_logger, item.Id, message.Platform);
                return;
            }

            if (turn > now)
            {
                await Task.Delay(turn - now, _time, stoppingToken);
            }

            // A message that had to wait for its channel's turn takes its send slot only now: waiting for a busy
            // channel must not hold the slots that other channels' messages need (they would wait behind its backlog).
            if (!held)
            {
                await _slots.WaitAsync(stoppingToken);
                held = true;
            }

            using var rateLease = await _rate.AcquireAsync(1, stoppingToken);
            SendResult result;
            try
            {
                // Not the stopping token: a send already begun is let finish (until the host gives up on stopping),
                // so that it is recorded; cancelling it would leave it leased and send it again after a restart.
                result = await sender.SendAsync(message, _abandon.Token);
            }
            catch (Exception e) when (!_abandon.IsCancellationRequested)
            {
                // Whatever the sender throws is a failed attempt, so that a message that always throws is given up.
                result = new SendResult.Retry(null, e.GetType().Name + ": " + WithoutSecrets(e.Message));
            }

            now = _time.GetUtcNow();
            switch (result)
            {
                case SendResult.Delivered delivered:
                    if (message.RoundId is { } roundId && message.Reply.Placement == ReplyPlacement.NewPost && delivered.MessageId is { } postId)
                    {
                        await _rounds.AttachThreadAsync(roundId, postId, CancellationToken.None);
                    }

                    await _outbox.MarkSentAsync(item.Id, delivered.MessageId, now, CancellationToken.None);
                    break;
                case SendResult.Retry retry when retry.After is not null || item.Attempts + 1 < _options.MaxAttempts:
                    // A rate limit is never a reason to give up: wait as long as the platform asks.
                    var after = retry.After ?? TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, item.Attempts)) + Random.Shared.NextDouble());
                    _channelNext.AddOrUpdate(channel, now + after, (_, next) => next > now + after ? next : now + after);
                    LogRetry(_logger, item.Id, message.Platform, retry.Reason, after.TotalSeconds);
                    await _outbox.RetryLaterAsync(item.Id, now + after, retry.Reason, CancellationToken.None);
                    break;
                case SendResult.Retry retry:
                    // Logged once it is true: the line says the message is kept as failed, and whoever reads it
                    // (a person, or a test) may look for the row at once.
                    await _outbox.FailAsync(item.Id, retry.Reason, now, CancellationToken.None);
                    LogGaveUp(_logger, item.Id, message.Platform, message.ConversationId, retry.Reason, item.Attempts + 1);
                    break;
                case SendResult.Refused refused:
                    LogRefused(_logger, item.Id, message.Platform, refused.Reason);
                    await _outbox.RefuseAsync(item.Id, refused.Reason, now, CancellationToken.None);
                    break;
            }
        }
        finally
        {
            if (held)
            {
                _slots.Release();
            }
        }
    }

    /// <summary>
    /// An exception's message goes to the outbox's error column and to the log, and an HTTP client's may name the
    /// address it called: a webhook URL can carry a token in its query or its user info, so those are cut out.
    /// </summary>
    internal static string WithoutSecrets(string message) => UrlSecrets().Replace(message, "${scheme}${host}${path}");

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.-]*://)(?:[^\s/@]+@)?(?<host>[^\s/?#@]+)(?<path>[^\s?#]*)(?:[?#]\S*)?", RegexOptions.IgnoreCase)]
    private static partial Regex UrlSecrets();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Outbound {OutboxId} to {Platform}: retry in {Seconds:F1} s ({Reason})")]
    private static partial void LogRetry(ILogger logger, long outboxId, string platform, string reason, double seconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Outbound {OutboxId} to {Platform}/{ConversationId} given up after {Attempts} attempts, kept as failed: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, long outboxId, string platform, string conversationId, string reason, int attempts);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Outbox stopping: {InFlight} deliveries in hand; sends already begun may finish")]
    private static partial void LogStopping(ILogger logger, int inFlight);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Outbound {OutboxId} to {Platform}/{ConversationId}: delivery failed outside the send; tried again after its lease")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, long outboxId, string platform, string conversationId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Outbound {OutboxId} to {Platform} was taken by another worker while it waited for its turn; not sent here")]
    private static partial void LogLeaseLost(ILogger logger, long outboxId, string platform);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Outbound {OutboxId} to {Platform} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, long outboxId, string platform, string reason);
}
