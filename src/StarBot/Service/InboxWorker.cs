using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StarBot.Core.Hosting;
using StarBot.Core.Messaging;

namespace StarBot.Service;

/// <summary>
/// Handles stored inbound events: at once when an adapter signals one, and by sweeping the inbox, which picks up
/// whatever a crash left behind. Each event gets its own DI scope and a time limit; a failure is retried, and
/// after the last attempt the person gets an apology. Every platform's stored events come through here, so the
/// time limit, the retries and the apology live in one place instead of in each adapter and command.
/// </summary>
public sealed partial class InboxWorker(
    IServiceScopeFactory scopes,
    IInbox inbox,
    IOutbox outbox,
    OutboxSignal outboxSignal,
    OutboxWorker outboxWorker,
    TimeProvider time,
    IOptions<TestingOptions> testing,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<InboxWorker> logger) : BackgroundService, IInboxSignal
{
    public const int MaxAttempts = 3;

    /// <summary>
    /// How long an event is kept from other workers while one handles it: <c>Outbox:Lease</c>, like the outbox's, so
    /// that a crashed worker's events are taken over after it (and not after a fixed two minutes).
    /// </summary>
    private TimeSpan Lease => outboxOptions.Value.Lease;
    private static readonly TimeSpan HandlingLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Wakes the worker: an adapter stored an event.</summary>
    public void Signal() => _signal.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (testing.Value.CrashAfterAck)
        {
            // The fault switch places a crash between ack and handling: nothing is handled in this process.
            return;
        }

        await BackgroundLoop.RunAsync("inbox", PassAsync, logger, time, stoppingToken);
    }

    /// <summary>Handles a batch of due events, then, when it took everything due, waits for the next one.</summary>
    private async Task<bool> PassAsync(CancellationToken stoppingToken)
    {
        var items = await inbox.LeaseAsync(32, time.GetUtcNow(), Lease, stoppingToken);
        var completions = new List<Task<IReadOnlyList<OutboxItem>>>(items.Count);
        foreach (var item in items)
        {
            // Shutdown lets the event in hand finish; what is not started stays in the inbox for the next start.
            completions.Add(await HandleAsync(item, CancellationToken.None));
        }

        // Each event is handled in turn, but its completion is not waited for before the next one is handled:
        // the completions of a batch are committed together. Their replies go to delivery in the batch's order,
        // which is the order the events came in: a person's two messages are answered in order.
        var replies = (await Task.WhenAll(completions)).SelectMany(r => r).ToList();
        await outboxWorker.HandOverAsync(replies);

        // A short batch took everything that was due: wait for the next event (a signal sent meanwhile is
        // still there) instead of asking the inbox again at once.
        if (items.Count < 32)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(Sweep);
            try
            {
                await _signal.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }

        return true;
    }

    /// <summary>
    /// Handles one event; returns the task that records the outcome: its replies into the outbox (and those replies,
    /// leased to this process for delivery), or the failure.
    /// </summary>
    private async Task<Task<IReadOnlyList<OutboxItem>>> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var limit = new CancellationTokenSource(HandlingLimit);
        await using var scope = scopes.CreateAsyncScope();
        IReadOnlyList<OutboundMessage> replies;
        try
        {
            replies = await scope.ServiceProvider.GetRequiredService<InboundHandler>().HandleAsync(item, limit.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await FailAsync(item, e, cancellationToken);
            return Task.FromResult<IReadOnlyList<OutboxItem>>([]);
        }

        return CompleteAsync(item, replies, started, cancellationToken);
    }

    private async Task<IReadOnlyList<OutboxItem>> CompleteAsync(InboxItem item, IReadOnlyList<OutboundMessage> replies, long started, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var leased = await inbox.CompleteAsync(item.Id, replies, now, now + outboxWorker.Lease, cancellationToken);
            LogHandled(logger, item.Id, item.Inbound.Platform, replies.Count, time.GetElapsedTime(started).TotalMilliseconds);
            return leased;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await FailAsync(item, e, cancellationToken);
            return [];
        }
    }

    private async Task FailAsync(InboxItem item, Exception e, CancellationToken cancellationToken)
    {
        var last = item.Attempts + 1 >= MaxAttempts;
        LogFailed(logger, e, item.Id, item.Attempts + 1, last);
        if (last)
        {
            await outbox.EnqueueAsync([InboundHandler.Apology(item)], time.GetUtcNow(), cancellationToken);
            outboxSignal.Signal();
        }

        await inbox.FailAsync(item.Id, e.GetType().Name + ": " + e.Message, time.GetUtcNow().AddSeconds(5 << item.Attempts), last, cancellationToken);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Inbound {InboxId} from {Platform} handled: {Replies} replies in {Milliseconds:F1} ms")]
    private static partial void LogHandled(ILogger logger, long inboxId, string platform, int replies, double milliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Inbound {InboxId} failed on attempt {Attempt} (giving up: {GivingUp})")]
    private static partial void LogFailed(ILogger logger, Exception exception, long inboxId, int attempt, bool givingUp);
}
