using Microsoft.Extensions.Options;
using StarBot.Core.Hosting;
using StarBot.Storage;

namespace StarBot.Service;

/// <summary>
/// Keeps the store from growing for ever: once an hour (and at start), deletes inbox and outbox rows finished longer
/// ago than <see cref="StorageOptions.KeepMessagesFor"/>, a thousand at a time so that acks never wait long behind it.
/// </summary>
public sealed partial class RetentionWorker(IMessageRetention retention, TimeProvider time, IOptions<StorageOptions> options, ILogger<RetentionWorker> logger) : BackgroundService
{
    public const int Batch = 1000;
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        await BackgroundLoop.RunAsync("retention", async cancellationToken =>
        {
            await RunOnceAsync(cancellationToken);
            return await timer.WaitForNextTickAsync(cancellationToken);
        }, logger, time, stoppingToken);
    }

    /// <summary>Deletes everything due for deletion now.</summary>
    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.KeepMessagesFor;
        var (inbox, outbox) = (0, 0);
        while (true)
        {
            var deleted = await retention.DeleteFinishedAsync(cutoff, Batch, cancellationToken);
            inbox += deleted.Inbox;
            outbox += deleted.Outbox;
            if (deleted.Inbox < Batch && deleted.Outbox < Batch)
            {
                break;
            }
        }

        if (inbox + outbox > 0)
        {
            LogDeleted(logger, inbox, outbox, cutoff);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Deleted {Inbox} handled events and {Outbox} delivered messages finished before {Cutoff:u}")]
    private static partial void LogDeleted(ILogger logger, int inbox, int outbox, DateTimeOffset cutoff);
}
