using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StarBot.Storage;

namespace StarBot.Tests.Service;

/// <summary>A round closed is never left without its summary, whatever fails between closing it and storing the summary.</summary>
public sealed class RoundSummaryFailureTests
{
    [Fact]
    public async Task A_timed_out_round_whose_summary_could_not_be_queued_stays_open_and_gets_its_summary_on_a_later_pass()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var logs = new LogCapture();
        await using var host = await ServiceHost.StartAsync(platform, new() { ["Scheduler:RoundTimeout"] = "00:01:00" }, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.AddSingleton<ILoggerProvider>(logs);
        });
        await host.SayAsync("alex", "practice", "m1");
        var question = (await platform.WaitForAsync(p => p.Count == 1))[0];
        Assert.Equal("Practice round", question.Title());
        await host.WaitForOutboxEmptyAsync();

        // The summary cannot be queued (a full disk, say) when the round times out.
        var database = host.App.Services.GetRequiredService<SqliteDatabase>();
        await ExecuteAsync(database, "CREATE TRIGGER no_summaries BEFORE INSERT ON outbox WHEN NEW.dedupe_key LIKE 'summary:%' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        clock.Advance(TimeSpan.FromMinutes(2));
        await logs.WaitForAsync(e => e.EventId == 9001 && e.Message.Contains("scheduler", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        await ExecuteAsync(database, "DROP TRIGGER no_summaries;");
        clock.Advance(TimeSpan.FromSeconds(2)); // past the loop's backoff
        var summary = (await platform.WaitForAsync(p => p.Count == 2))[1];
        Assert.Equal(("Round closed", "P1"), (summary.Title(), summary.Thread()));
    }

    [Fact]
    public async Task A_done_handled_again_after_its_summary_could_not_be_stored_posts_the_summary()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var logs = new LogCapture();
        await using var host = await ServiceHost.StartAsync(platform, settings: null, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.AddSingleton<ILoggerProvider>(logs);
        });
        await host.SayAsync("alex", "practice", "m1");
        Assert.Equal("Practice round", (await platform.WaitForAsync(p => p.Count == 1))[0].Title());
        await host.WaitForOutboxEmptyAsync();

        // The round is closed, then storing the event's replies fails: as if the process died between the two.
        var database = host.App.Services.GetRequiredService<SqliteDatabase>();
        await ExecuteAsync(database, "CREATE TRIGGER no_replies BEFORE INSERT ON outbox WHEN NEW.dedupe_key LIKE 'reply:webhook:C1:m2:%' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        await host.SayAsync("alex", "done", "m2", thread: "P1");
        await logs.WaitForAsync(e => e.EventId == 1002, TimeSpan.FromSeconds(20));
        // The failure is logged before its retry time is stored: moving the clock before that would put the retry
        // after the new time, where the fake clock never gets.
        await WaitForRetryStoredAsync(database);

        await ExecuteAsync(database, "DROP TRIGGER no_replies;");
        clock.Advance(TimeSpan.FromSeconds(10)); // past the inbox's retry delay
        var summary = (await platform.WaitForAsync(p => p.Count == 2))[1];
        Assert.Equal(("Round closed", "P1"), (summary.Title(), summary.Thread()));
    }

    private static async Task WaitForRetryStoredAsync(SqliteDatabase database)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (await ScalarAsync(database, "SELECT count(*) FROM inbox WHERE status <> 'done' AND attempts >= 1 AND lease_until = 0;") == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the failed event's retry was never stored");
            await Task.Delay(20);
        }
    }

    private static Task<long> ScalarAsync(SqliteDatabase database, string sql) =>
        database.WriteAsync(async (c, t) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync())!;
        }, default);

    private static Task<int> ExecuteAsync(SqliteDatabase database, string sql) =>
        database.WriteAsync(async (c, t) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = sql;
            return await command.ExecuteNonQueryAsync();
        }, default);
}
