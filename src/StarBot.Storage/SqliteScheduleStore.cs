using Microsoft.Data.Sqlite;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;

namespace StarBot.Storage;

public sealed class SqliteScheduleStore(SqliteDatabase database) : IScheduleStore
{
    private const string Columns = "platform, team_id, conversation_id, local_time, time_zone, days, topic, created_by, created_at, next_due_at";

    public Task SaveAsync(DailySchedule schedule, DateTimeOffset nextDueAt, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            $"INSERT OR REPLACE INTO schedules ({Columns}) VALUES ($platform, $team, $conversation, $time, $zone, $days, $topic, $by, $at, $next);", cancellationToken,
            ("$platform", schedule.Platform), ("$team", schedule.TeamId), ("$conversation", schedule.ConversationId),
            ("$time", schedule.LocalTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), ("$zone", schedule.TimeZoneId),
            ("$days", schedule.Days.ToString()), ("$topic", schedule.Topic), ("$by", schedule.CreatedBy), ("$at", Sql.Time(schedule.CreatedAt)),
            ("$next", Sql.Time(nextDueAt))), cancellationToken);

    public async Task<DailySchedule?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {Columns} FROM schedules WHERE platform = $platform AND conversation_id = $conversation;",
            r => Map(r).Schedule, cancellationToken, ("$platform", platform), ("$conversation", conversationId)), cancellationToken)).SingleOrDefault();

    public async Task<bool> DeleteAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM schedules WHERE platform = $platform AND conversation_id = $conversation;", cancellationToken,
            ("$platform", platform), ("$conversation", conversationId)), cancellationToken) > 0;

    public Task<int> DeleteTeamAsync(string platform, string teamId, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "DELETE FROM schedules WHERE platform = $platform AND team_id = $team;", cancellationToken,
            ("$platform", platform), ("$team", teamId)), cancellationToken);

    public async Task<IReadOnlyList<(DailySchedule Schedule, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {Columns} FROM schedules WHERE next_due_at <= $now ORDER BY next_due_at LIMIT $max;",
            Map, cancellationToken, ("$now", Sql.Time(now)), ("$max", max)), cancellationToken);

    public Task AdvanceAsync(string platform, string conversationId, DateTimeOffset dueAt, DateTimeOffset nextDueAt, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE schedules SET next_due_at = $next WHERE platform = $platform AND conversation_id = $conversation AND next_due_at = $due;", cancellationToken,
            ("$next", Sql.Time(nextDueAt)), ("$platform", platform), ("$conversation", conversationId), ("$due", Sql.Time(dueAt))), cancellationToken);

    public Task<bool> ClaimPostAsync(DuePost post, Round round, OutboundMessage question, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            if (!await Decide(c, t, post, "posted", round.Id, now, cancellationToken))
            {
                return false;
            }

            await SqliteRoundStore.Insert(c, t, round, cancellationToken);
            await SqliteOutbox.Insert(c, t, [question], now, leasedUntil: null, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> SkipPostAsync(DuePost post, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Decide(c, t, post, "skipped", null, now, cancellationToken), cancellationToken);

    /// <summary>The one place a day's post is decided: the primary key lets exactly one instance insert it.</summary>
    private static async Task<bool> Decide(SqliteConnection c, SqliteTransaction t, DuePost post, string outcome, string? roundId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Sql.ExecuteAsync(c, t,
            "INSERT OR IGNORE INTO daily_posts (platform, conversation_id, local_date, due_at, outcome, round_id, decided_at) VALUES ($platform, $conversation, $date, $due, $outcome, $round, $now);",
            cancellationToken, ("$platform", post.Schedule.Platform), ("$conversation", post.Schedule.ConversationId),
            ("$date", post.LocalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("$due", Sql.Time(post.DueAt)),
            ("$outcome", outcome), ("$round", roundId), ("$now", Sql.Time(now))) == 1;

    public Task<int> AddDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var added = 0;
            foreach (var date in dates)
            {
                added += await Sql.ExecuteAsync(c, t, "INSERT OR IGNORE INTO schedule_days_off (platform, conversation_id, local_date) VALUES ($platform, $conversation, $date);",
                    cancellationToken, ("$platform", platform), ("$conversation", conversationId), ("$date", Date(date)));
            }

            return added;
        }, cancellationToken);

    public Task<int> RemoveDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var removed = 0;
            foreach (var date in dates)
            {
                removed += await Sql.ExecuteAsync(c, t, "DELETE FROM schedule_days_off WHERE platform = $platform AND conversation_id = $conversation AND local_date = $date;",
                    cancellationToken, ("$platform", platform), ("$conversation", conversationId), ("$date", Date(date)));
            }

            return removed;
        }, cancellationToken);

    public async Task<IReadOnlyList<DateOnly>> DaysOffAsync(string platform, string conversationId, DateOnly from, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            "SELECT local_date FROM schedule_days_off WHERE platform = $platform AND conversation_id = $conversation AND local_date >= $from ORDER BY local_date;",
            r => DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cancellationToken,
            ("$platform", platform), ("$conversation", conversationId), ("$from", Date(from))), cancellationToken);

    /// <summary>ISO dates sort as text, so the "on or after" query is a plain comparison.</summary>
    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static (DailySchedule Schedule, DateTimeOffset DueAt) Map(SqliteDataReader r) => (
        new DailySchedule(r.GetString(0), r.GetString(1), r.GetString(2), TimeOnly.ParseExact(r.GetString(3), "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            r.GetString(4), Enum.Parse<ScheduleDays>(r.GetString(5)), Sql.NullableString(r, 6), r.GetString(7), Sql.Time(r.GetInt64(8))),
        Sql.Time(r.GetInt64(9)));
}
