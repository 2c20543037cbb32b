using Microsoft.Extensions.Logging;

namespace StarBot.Core.Hosting;

/// <summary>
/// The one failure policy of every background loop (inbox, outbox, scheduler, retention, Slack identity): a pass
/// that throws is logged, the loop waits (one second, doubling up to a minute while passes keep failing) and goes
/// on. A failing database, a platform that is down or a bug in one pass is then an outage of that work for a
/// while, never the end of the service: a stopped host is restarted only by a supervisor, and only if it says it failed.
/// </summary>
public static partial class BackgroundLoop
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs <paramref name="pass"/> again and again until the host stops or a pass returns false (its work is done
    /// for good). A pass waits for its own next turn (a timer, a signal); only after a failure does the loop wait.
    /// </summary>
    /// <param name="name">What the loop does, for the log: "inbox", "outbox", "scheduler"…</param>
    public static async Task RunAsync(string name, Func<CancellationToken, Task<bool>> pass, ILogger logger, TimeProvider time, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await pass(stoppingToken))
                {
                    return;
                }

                failures = 0;
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                var backoff = Backoff(failures);
                LogPassFailed(logger, e, name, failures, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>How long the loop waits after <paramref name="failures"/> failed passes in a row.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures - 1, 16)));

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Background {Loop} failed ({Failures} in a row); going on in {Seconds:F0} s")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string loop, int failures, double seconds);
}
