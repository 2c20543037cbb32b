using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Storage.Tests;

public sealed class SqliteScheduleStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    private static DailySchedule Schedule(string conversation = "C1", string team = "T1") =>
        new("slack", team, conversation, new TimeOnly(9, 0), "Europe/Berlin", ScheduleDays.Weekdays, "leadership", "U1", T0);

    [Fact]
    public async Task A_schedule_round_trips_and_is_due_once_its_time_comes()
    {
        var store = new SqliteScheduleStore(_file.Database);
        await store.SaveAsync(Schedule(), T0, default);

        Assert.Equal(Schedule(), await store.GetAsync("slack", "C1", default));
        Assert.Empty(await store.DueAsync(T0.AddSeconds(-1), 10, default));
        Assert.Equal((Schedule(), T0), Assert.Single(await store.DueAsync(T0, 10, default)));

        await store.AdvanceAsync("slack", "C1", T0, T0.AddDays(1), default);
        await store.AdvanceAsync("slack", "C1", T0, T0.AddDays(7), default);
        Assert.Empty(await store.DueAsync(T0.AddHours(1), 10, default));
        Assert.Single(await store.DueAsync(T0.AddDays(1), 10, default));
    }

    [Fact]
    public async Task Uninstalling_a_team_removes_its_schedules_only()
    {
        var store = new SqliteScheduleStore(_file.Database);
        await store.SaveAsync(Schedule("C1", "T1"), T0, default);
        await store.SaveAsync(Schedule("C2", "T1"), T0, default);
        await store.SaveAsync(Schedule("C3", "T2"), T0, default);

        Assert.Equal(2, await store.DeleteTeamAsync("slack", "T1", default));
        Assert.Equal(["C3"], (await store.DueAsync(T0, 10, default)).Select(d => d.Schedule.ConversationId));
        Assert.True(await store.DeleteAsync("slack", "C3", default));
        Assert.False(await store.DeleteAsync("slack", "C3", default));
    }

    [Fact]
    public async Task Days_off_are_kept_per_channel_once_each_and_unskip_removes_them()
    {
        var store = new SqliteScheduleStore(_file.Database);
        DateOnly Day(int d) => new(2026, 12, d);

        Assert.Equal(3, await store.AddDaysOffAsync("slack", "C1", [Day(24), Day(25), Day(26)], default));
        Assert.Equal(1, await store.AddDaysOffAsync("slack", "C1", [Day(26), Day(31)], default));
        await store.AddDaysOffAsync("teams", "C1", [Day(1)], default);

        Assert.Equal([Day(25), Day(26), Day(31)], await store.DaysOffAsync("slack", "C1", Day(25), default));
        Assert.Empty(await store.DaysOffAsync("slack", "C2", Day(1), default));
        Assert.Equal(2, await store.RemoveDaysOffAsync("slack", "C1", [Day(24), Day(25), Day(30)], default));
        Assert.Equal([Day(26), Day(31)], await store.DaysOffAsync("slack", "C1", Day(1), default));
        Assert.Equal([Day(1)], await store.DaysOffAsync("teams", "C1", Day(1), default));
    }

    [Fact]
    public async Task Two_instances_on_one_file_racing_for_the_same_post_claim_it_once()
    {
        var post = new DuePost(Schedule(), T0, new DateOnly(2026, 11, 30));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            // Each "instance" has its own database object and connection pool over the same file.
            var database = new SqliteDatabase(_file.Path);
            var round = new Round($"round-{i}", "slack", "C1", null, "q1", null, null, T0);
            var question = new OutboundMessage("daily:slack:C1:2026-11-30", "slack", "T1", "C1", null, null, RoundReplies.Notice($"question from instance {i}"), round.Id);
            return new SqliteScheduleStore(database).ClaimPostAsync(post, round, question, T0, default);
        })));

        Assert.Equal(1, results.Count(r => r));
        var outbox = await new SqliteOutbox(_file.Database).LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default);
        var winner = Assert.Single(outbox);
        var rounds = await _file.Database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT id FROM rounds;", r => r.GetString(0), default), default);
        Assert.Equal([winner.Message.RoundId!], rounds);
        Assert.False(await new SqliteScheduleStore(_file.Database).SkipPostAsync(post, T0, default));
    }
}
