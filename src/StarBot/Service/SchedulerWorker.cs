using Microsoft.Extensions.Options;
using StarBot.Core.Conversation;
using StarBot.Core.Hosting;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;

namespace StarBot.Service;

/// <summary>Posts due daily questions, sends due reminders and closes rounds that timed out, every poll interval.</summary>
public sealed partial class SchedulerWorker(
    DailyQuestionPoster poster,
    RoundReminder reminder,
    Coach coach,
    IRoundStore rounds,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<SchedulerOptions> options,
    ILogger<SchedulerWorker> logger) : BackgroundService
{
    /// <summary>When the loop last finished a pass: the health check's "scheduler alive".</summary>
    public DateTimeOffset? LastPass { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        await BackgroundLoop.RunAsync("scheduler", async cancellationToken =>
        {
            if (await poster.RunDueAsync(cancellationToken) > 0)
            {
                signal.Signal();
            }

            // Before the timeouts: a reminder due in the same pass as its round's close is dropped, not sent after it.
            if (await reminder.RunDueAsync(cancellationToken) > 0)
            {
                signal.Signal();
            }

            await CloseTimedOutRoundsAsync(cancellationToken);
            LastPass = time.GetUtcNow();
            return await timer.WaitForNextTickAsync(cancellationToken);
        }, logger, time, stoppingToken);
    }

    private async Task CloseTimedOutRoundsAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.RoundTimeout;
        foreach (var round in await rounds.OpenBeforeAsync(cutoff, 100, cancellationToken))
        {
            if (await coach.CloseTimedOutRoundAsync(round, cancellationToken))
            {
                LogTimedOut(logger, round.Id, round.Platform, round.ConversationId);
                signal.Signal();
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Round {RoundId} in {Platform}/{ConversationId} timed out and was closed")]
    private static partial void LogTimedOut(ILogger logger, string roundId, string platform, string conversationId);
}
