using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Scheduling;
using StarBot.Storage;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>The service as a real process, killed (not stopped) at the worst moments and started again.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task An_event_acked_just_before_a_crash_is_answered_once_after_the_restart()
    {
        await using var platform = await FakePlatform.StartAsync();
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();

        using (var crashing = Start(folder, platform, port, crashAfterAck: true))
        {
            await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");
            using var http = new HttpClient();
            var ack = await http.PostAsJsonAsync($"http://127.0.0.1:{port}/api/webhook/messages", new { conversationId = "C1", messageId = "m1", userId = "U1", userName = "alex", text = "topics" });
            Assert.True(ack.IsSuccessStatusCode);
            Assert.True(crashing.WaitForExit(15_000), "the fault switch should have killed the process");
            Assert.NotEqual(0, crashing.ExitCode);
        }

        Assert.Empty(platform.Posts);
        using var restarted = Start(folder, platform, port, crashAfterAck: false);
        var posts = await platform.WaitForAsync(p => p.Count >= 1);
        // Once nothing in the store waits to be handled or delivered, every reply the restarted process meant to send has been sent.
        await StoreProbe.SettleAsync(Path.Combine(folder.Path, "starbot.db"));
        Assert.Single(platform.Posts);
        Assert.Equal("Topics", posts[0].Title());
        restarted.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task A_reply_not_delivered_before_a_kill_is_delivered_once_after_the_restart()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.Down = 503;
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();

        using (var first = Start(folder, platform, port, crashAfterAck: false))
        {
            await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");
            using var http = new HttpClient();
            await http.PostAsJsonAsync($"http://127.0.0.1:{port}/api/webhook/messages", new { conversationId = "C1", messageId = "m1", userId = "U1", userName = "alex", text = "help" });
            var until = DateTime.UtcNow.AddSeconds(15);
            while (platform.Refused == 0 && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }

            Assert.True(platform.Refused > 0, "the platform should have refused the first delivery");
            // Kill once the refusal is recorded (the reply waits in the outbox). A process killed inside the send
            // itself leaves the message leased; it is sent after the lease (2 minutes) instead.
            var database = new SqliteDatabase(Path.Combine(folder.Path, "starbot.db"));
            for (var i = 0; i < 100 && await database.ReadAsync(async c =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND status = 'pending';";
                return (long)(await command.ExecuteScalarAsync())!;
            }, default) == 0; i++)
            {
                await Task.Delay(50);
            }

            first.Kill(entireProcessTree: true);
            first.WaitForExit(10_000);
        }

        platform.Down = null;
        using var second = Start(folder, platform, port, crashAfterAck: false);
        var posts = await platform.WaitForAsync(p => p.Count >= 1, TimeSpan.FromSeconds(30));
        await StoreProbe.SettleAsync(Path.Combine(folder.Path, "starbot.db"));
        Assert.Single(platform.Posts);
        Assert.Equal("StarBot", posts[0].Title());
        second.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task Two_instances_on_one_database_post_a_due_question_once()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "shared.db");
        var library = ContentLoader.Load(RepoPaths.Content).OrThrow();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        var setup = new SqliteDatabase(path);
        await setup.MigrateAsync(default);
        for (var c = 0; c < 50; c++)
        {
            await new SqliteScheduleStore(setup).SaveAsync(new DailySchedule("webhook", "T1", $"C{c}", new TimeOnly(9, 0), "Europe/Berlin", ScheduleDays.EveryDay, null, "U1", clock.GetUtcNow()), clock.GetUtcNow().AddHours(1), default);
        }

        clock.Advance(TimeSpan.FromHours(1));
        var claims = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            // Each instance: its own database object, stores, coach and poster over the same file.
            var database = new SqliteDatabase(path);
            var rounds = new SqliteRoundStore(database);
            var schedules = new SqliteScheduleStore(database);
            var coach = new StarBot.Core.Conversation.Coach(library, new StarAnalyzer(), rounds, schedules, new SqliteChannelSettingsStore(database), clock, personalData: new SqlitePersonalDataStore(database));
            return await new DailyQuestionPoster(coach, schedules, clock, NullLogger<DailyQuestionPoster>.Instance).RunDueAsync(default);
        })));

        Assert.Equal(50, claims.Sum());
        var outbox = await new SqliteOutbox(setup).LeaseAsync(1000, clock.GetUtcNow(), TimeSpan.FromMinutes(1), default);
        Assert.Equal(50, outbox.Count);
        Assert.Equal(50, outbox.Select(o => o.Message.ConversationId).Distinct().Count());
    }

    private static Process Start(TempFolder folder, FakePlatform platform, int port, bool crashAfterAck) =>
        StarBotProcess.Serve(folder, port, new Dictionary<string, string>
        {
            ["Webhook__Enabled"] = "true",
            ["Webhook__OutboundUrl"] = platform.Url,
            ["Outbox__ChannelInterval"] = "00:00:00",
            ["Testing__CrashAfterAck"] = crashAfterAck ? "true" : "false",
        });
}
