using Npgsql;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Storage.Postgres;

public sealed class PostgresRoundStore(PostgresDatabase database) : IRoundStore
{
    private const string Columns = "id, platform, conversation_id, thread_id, question_id, starter_user_id, starter_name, opened_at, status, closed_at, closed_by, remind_at";

    public Task CreateAsync(Round round, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Insert(c, t, round, cancellationToken), cancellationToken);

    internal static Task<int> Insert(NpgsqlConnection c, NpgsqlTransaction t, Round round, CancellationToken cancellationToken) =>
        Pg.ExecuteAsync(c, t, $"INSERT INTO rounds ({Columns}) VALUES (@id, @platform, @conversation, @thread, @question, @starter, @starterName, @opened, @status, @closed, @closedBy, @remind) ON CONFLICT (id) DO NOTHING;", cancellationToken,
            ("id", round.Id), ("platform", round.Platform), ("conversation", round.ConversationId), (("thread", Text(round.ThreadId))),
            ("question", round.QuestionId), ("starter", Text(round.StarterUserId)), ("starterName", Text(round.StarterName)),
            ("opened", round.OpenedAt), ("status", round.Status.ToString()), ("closed", Time(round.ClosedAt)), ("closedBy", Text(round.ClosedBy)),
            ("remind", Time(round.RemindAt)));

    public async Task<Round?> GetAsync(string roundId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Pg.QueryAsync(c, null, $"SELECT {Columns} FROM rounds WHERE id = @id;", Map, cancellationToken, ("id", roundId)), cancellationToken)).SingleOrDefault();

    public async Task<Round?> FindAsync(string platform, string conversationId, string? threadId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Pg.QueryAsync(c, null,
            $"SELECT {Columns} FROM rounds WHERE platform = @platform AND conversation_id = @conversation AND (@thread::text IS NULL OR thread_id = @thread::text) ORDER BY opened_at DESC, seq DESC LIMIT 1;",
            Map, cancellationToken, ("platform", platform), ("conversation", conversationId), ("thread", Text(threadId))), cancellationToken)).SingleOrDefault();

    public Task AttachThreadAsync(string roundId, string threadId, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t, "UPDATE rounds SET thread_id = @thread WHERE id = @id;", cancellationToken, ("thread", threadId), ("id", roundId)), cancellationToken);

    public Task AddAnswerAsync(RoundAnswer answer, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            """
            INSERT INTO round_answers (round_id, message_id, user_id, user_name, text, parts, at)
            VALUES (@round, @message, @user, @name, @text, @parts, @at)
            ON CONFLICT ON CONSTRAINT round_answers_once DO NOTHING;
            """, cancellationToken,
            ("round", answer.RoundId), ("message", answer.MessageId), ("user", answer.UserId), ("name", answer.UserName), ("text", answer.Text),
            ("parts", StorageJson.Write(answer.Parts)), ("at", answer.At)), cancellationToken);

    public async Task<IReadOnlyList<RoundAnswer>> AnswersAsync(string roundId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null,
            "SELECT round_id, message_id, user_id, user_name, text, parts, at FROM round_answers WHERE round_id = @round ORDER BY id;",
            MapAnswer, cancellationToken, ("round", roundId)), cancellationToken);

    public async Task<bool> CloseAsync(string roundId, DateTimeOffset closedAt, string? closedBy, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE rounds SET status = 'Closed', closed_at = @at, closed_by = @by WHERE id = @id AND status = 'Open';", cancellationToken,
            ("at", closedAt), ("by", Text(closedBy)), ("id", roundId)), cancellationToken) == 1;

    public async Task<bool> CloseWithSummaryAsync(string roundId, DateTimeOffset closedAt, OutboundMessage summary, CancellationToken cancellationToken) =>
        await database.WriteAsync(async (c, t) =>
        {
            if (await Pg.ExecuteAsync(c, t, "UPDATE rounds SET status = 'Closed', closed_at = @at WHERE id = @id AND status = 'Open';", cancellationToken,
                ("at", closedAt), ("id", roundId)) != 1)
            {
                return false;
            }

            await PostgresOutbox.Insert(c, t, [summary], closedAt, leasedUntil: null, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<Round>> OpenBeforeAsync(DateTimeOffset openedBefore, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null,
            $"SELECT {Columns} FROM rounds WHERE status = 'Open' AND opened_at < @before ORDER BY opened_at, seq LIMIT @max;",
            Map, cancellationToken, ("before", openedBefore), ("max", max)), cancellationToken);

    public async Task<IReadOnlyList<(RoundAnswer Answer, string QuestionId)>> HistoryAsync(string platform, string userId, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null,
            """
            SELECT a.round_id, a.message_id, a.user_id, a.user_name, a.text, a.parts, a.at, r.question_id
            FROM round_answers a JOIN rounds r ON r.id = a.round_id
            WHERE a.user_id = @user AND r.platform = @platform
            ORDER BY a.at DESC, a.id DESC LIMIT @max;
            """,
            r => (MapAnswer(r), r.GetString(7)),
            cancellationToken, ("user", userId), ("platform", platform), ("max", max)), cancellationToken);

    public async Task<IReadOnlyList<Round>> DueRemindersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null,
            $"SELECT {Columns} FROM rounds WHERE remind_at IS NOT NULL AND remind_at <= @now AND status = 'Open' ORDER BY remind_at, seq LIMIT @max;",
            Map, cancellationToken, ("now", now), ("max", max)), cancellationToken);

    /// <summary>
    /// The update takes the reminder off under the row's lock: of two replicas reminding at once, the second waits
    /// for the first's transaction, then finds it taken off and enqueues nothing.
    /// </summary>
    public Task<bool> RemindAsync(string roundId, OutboundMessage? reminder, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            if (await Pg.ExecuteAsync(c, t, "UPDATE rounds SET remind_at = NULL WHERE id = @id AND remind_at IS NOT NULL AND status = 'Open';", cancellationToken, ("id", roundId)) != 1)
            {
                return false;
            }

            if (reminder is not null)
            {
                await PostgresOutbox.Insert(c, t, [reminder], now, leasedUntil: null, cancellationToken);
            }

            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> AskedQuestionsAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null,
            "SELECT question_id FROM rounds WHERE platform = @platform AND conversation_id = @conversation ORDER BY opened_at, seq;",
            r => r.GetString(0), cancellationToken, ("platform", platform), ("conversation", conversationId)), cancellationToken);

    private static RoundAnswer MapAnswer(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        StorageJson.Read<Dictionary<StarPart, PartStatus>>(r.GetString(5)), Pg.Time(r, 6));

    private static Round Map(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Pg.NullableString(r, 3), r.GetString(4), Pg.NullableString(r, 5), Pg.NullableString(r, 6),
        Pg.Time(r, 7), Enum.Parse<RoundStatus>(r.GetString(8)), Pg.NullableTime(r, 9), Pg.NullableString(r, 10), Pg.NullableTime(r, 11));

    /// <summary>A nullable text parameter: typed, so that a null still has a type for the server.</summary>
    internal static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = value is { } at ? at.ToUniversalTime() : DBNull.Value };
}

public sealed class PostgresScheduleStore(PostgresDatabase database) : IScheduleStore
{
    private const string Columns = "platform, team_id, conversation_id, local_time, time_zone, days, topic, created_by, created_at, next_due_at";

    public Task SaveAsync(DailySchedule schedule, DateTimeOffset nextDueAt, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            $"""
            INSERT INTO schedules ({Columns}) VALUES (@platform, @team, @conversation, @time, @zone, @days, @topic, @by, @at, @next)
            ON CONFLICT (platform, conversation_id) DO UPDATE SET team_id = excluded.team_id, local_time = excluded.local_time, time_zone = excluded.time_zone,
                days = excluded.days, topic = excluded.topic, created_by = excluded.created_by, created_at = excluded.created_at, next_due_at = excluded.next_due_at;
            """, cancellationToken,
            ("platform", schedule.Platform), ("team", schedule.TeamId), ("conversation", schedule.ConversationId),
            ("time", schedule.LocalTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), ("zone", schedule.TimeZoneId),
            ("days", schedule.Days.ToString()), ("topic", PostgresRoundStore.Text(schedule.Topic)), ("by", schedule.CreatedBy), ("at", schedule.CreatedAt),
            ("next", nextDueAt)), cancellationToken);

    public async Task<DailySchedule?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Pg.QueryAsync(c, null, $"SELECT {Columns} FROM schedules WHERE platform = @platform AND conversation_id = @conversation;",
            r => Map(r).Schedule, cancellationToken, ("platform", platform), ("conversation", conversationId)), cancellationToken)).SingleOrDefault();

    public async Task<bool> DeleteAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t, "DELETE FROM schedules WHERE platform = @platform AND conversation_id = @conversation;", cancellationToken,
            ("platform", platform), ("conversation", conversationId)), cancellationToken) > 0;

    public Task<int> DeleteTeamAsync(string platform, string teamId, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t, "DELETE FROM schedules WHERE platform = @platform AND team_id = @team;", cancellationToken,
            ("platform", platform), ("team", teamId)), cancellationToken);

    public async Task<IReadOnlyList<(DailySchedule Schedule, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null, $"SELECT {Columns} FROM schedules WHERE next_due_at <= @now ORDER BY next_due_at, platform, conversation_id LIMIT @max;",
            Map, cancellationToken, ("now", now), ("max", max)), cancellationToken);

    public Task AdvanceAsync(string platform, string conversationId, DateTimeOffset dueAt, DateTimeOffset nextDueAt, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE schedules SET next_due_at = @next WHERE platform = @platform AND conversation_id = @conversation AND next_due_at = @due;", cancellationToken,
            ("next", nextDueAt), ("platform", platform), ("conversation", conversationId), ("due", dueAt)), cancellationToken);

    public Task<bool> ClaimPostAsync(DuePost post, Round round, OutboundMessage question, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            if (!await Decide(c, t, post, "posted", round.Id, now, cancellationToken))
            {
                return false;
            }

            await PostgresRoundStore.Insert(c, t, round, cancellationToken);
            await PostgresOutbox.Insert(c, t, [question], now, leasedUntil: null, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> SkipPostAsync(DuePost post, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Decide(c, t, post, "skipped", null, now, cancellationToken), cancellationToken);

    /// <summary>
    /// The one place a day's post is decided: the primary key lets exactly one replica insert it. A second one
    /// inserting the same key waits for the first transaction and then inserts nothing.
    /// </summary>
    private static async Task<bool> Decide(NpgsqlConnection c, NpgsqlTransaction t, DuePost post, string outcome, string? roundId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Pg.ExecuteAsync(c, t,
            """
            INSERT INTO daily_posts (platform, conversation_id, local_date, due_at, outcome, round_id, decided_at) VALUES (@platform, @conversation, @date, @due, @outcome, @round, @now)
            ON CONFLICT (platform, conversation_id, local_date) DO NOTHING;
            """,
            cancellationToken, ("platform", post.Schedule.Platform), ("conversation", post.Schedule.ConversationId),
            ("date", post.LocalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("due", post.DueAt),
            ("outcome", outcome), ("round", PostgresRoundStore.Text(roundId)), ("now", now)) == 1;

    public Task<int> AddDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            """
            INSERT INTO schedule_days_off (platform, conversation_id, local_date) SELECT @platform, @conversation, d FROM unnest(@dates) AS d
            ON CONFLICT (platform, conversation_id, local_date) DO NOTHING;
            """, cancellationToken, ("platform", platform), ("conversation", conversationId), ("dates", Dates(dates))), cancellationToken);

    public Task<int> RemoveDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "DELETE FROM schedule_days_off WHERE platform = @platform AND conversation_id = @conversation AND local_date = ANY(@dates);",
            cancellationToken, ("platform", platform), ("conversation", conversationId), ("dates", Dates(dates))), cancellationToken);

    public async Task<IReadOnlyList<DateOnly>> DaysOffAsync(string platform, string conversationId, DateOnly from, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Pg.QueryAsync(c, null,
            "SELECT local_date FROM schedule_days_off WHERE platform = @platform AND conversation_id = @conversation AND local_date >= @from ORDER BY local_date;",
            r => r.GetFieldValue<DateOnly>(0), cancellationToken, ("platform", platform), ("conversation", conversationId), ("from", from)), cancellationToken);

    /// <summary>A <c>date[]</c> parameter; distinct, as SQLite's one insert per date counts a date given twice once.</summary>
    private static DateOnly[] Dates(IReadOnlyList<DateOnly> dates) => [.. dates.Distinct()];

    private static (DailySchedule Schedule, DateTimeOffset DueAt) Map(NpgsqlDataReader r) => (
        new DailySchedule(r.GetString(0), r.GetString(1), r.GetString(2), TimeOnly.ParseExact(r.GetString(3), "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            r.GetString(4), Enum.Parse<ScheduleDays>(r.GetString(5)), Pg.NullableString(r, 6), r.GetString(7), Pg.Time(r, 8)),
        Pg.Time(r, 9));
}

public sealed class PostgresInbox(PostgresDatabase database) : IInbox
{
    public async Task<bool> AcceptAsync(string dedupeKey, Inbound inbound, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "INSERT INTO inbox (dedupe_key, payload, received_at, status, next_attempt_at) VALUES (@key, @payload, @now, 'pending', @now) ON CONFLICT (dedupe_key) DO NOTHING;",
            cancellationToken, ("key", dedupeKey), ("payload", StorageJson.Write(inbound)), ("now", now)), cancellationToken) == 1;

    /// <summary>
    /// Takes up to <paramref name="max"/> due events. <c>SKIP LOCKED</c> lets replicas leasing at the same moment
    /// take different rows instead of waiting for each other's, and the lease keeps them apart afterwards.
    /// </summary>
    public async Task<IReadOnlyList<InboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.QueryAsync(c, t,
            """
            WITH leased AS (
                UPDATE inbox SET lease_until = @until
                WHERE id IN (SELECT id FROM inbox WHERE status = 'pending' AND next_attempt_at <= @now AND lease_until <= @now ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)
                RETURNING id, dedupe_key, payload, attempts)
            SELECT id, dedupe_key, payload, attempts FROM leased ORDER BY id;
            """,
            r => new InboxItem(r.GetInt64(0), r.GetString(1), StorageJson.Read<Inbound>(r.GetString(2)), r.GetInt32(3)),
            cancellationToken, ("until", now + lease), ("now", now), ("max", max)), cancellationToken);

    public Task<IReadOnlyList<OutboxItem>> CompleteAsync(long id, IReadOnlyList<OutboundMessage> replies, DateTimeOffset now, DateTimeOffset repliesLeasedUntil,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var added = await PostgresOutbox.Insert(c, t, replies, now, repliesLeasedUntil, cancellationToken);
            await Pg.ExecuteAsync(c, t, "UPDATE inbox SET status = 'done', done_at = @now, attempts = attempts + 1 WHERE id = @id;", cancellationToken,
                ("now", now), ("id", id));
            return added;
        }, cancellationToken);

    public Task FailAsync(long id, string error, DateTimeOffset retryAt, bool permanent, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE inbox SET status = @status, attempts = attempts + 1, next_attempt_at = @retry, lease_until = 'epoch', error = @error WHERE id = @id;", cancellationToken,
            ("status", permanent ? "failed" : "pending"), ("retry", retryAt), ("error", error), ("id", id)), cancellationToken);

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken) =>
        (int)await database.ReadAsync(c => Pg.ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM inbox WHERE status = 'pending';", cancellationToken), cancellationToken);
}

public sealed class PostgresOutbox(PostgresDatabase database) : IOutbox
{
    public Task EnqueueAsync(IReadOnlyList<OutboundMessage> messages, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Insert(c, t, messages, now, leasedUntil: null, cancellationToken), cancellationToken);

    /// <summary>
    /// Adds the messages whose dedupe keys are new, leased until <paramref name="leasedUntil"/> when given (to the caller,
    /// which delivers them itself), and returns those it added, with the lease as stored.
    /// </summary>
    internal static async Task<IReadOnlyList<OutboxItem>> Insert(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<OutboundMessage> messages, DateTimeOffset now,
        DateTimeOffset? leasedUntil, CancellationToken cancellationToken)
    {
        var added = new List<OutboxItem>(messages.Count);
        foreach (var message in messages)
        {
            var rows = await Pg.QueryAsync(c, t,
                """
                INSERT INTO outbox (dedupe_key, platform, payload, status, created_at, next_attempt_at, lease_until)
                VALUES (@key, @platform, @payload, 'pending', @now, @now, COALESCE(@lease, 'epoch'))
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id, lease_until;
                """,
                r => (Id: r.GetInt64(0), Lease: Pg.Time(r, 1)), cancellationToken,
                ("key", message.DedupeKey), ("platform", message.Platform), ("payload", StorageJson.Write(message)), ("now", now), ("lease", PostgresRoundStore.Time(leasedUntil)));
            added.AddRange(rows.Select(row => new OutboxItem(row.Id, message, 0, row.Lease)));
        }

        return added;
    }

    /// <summary>As the inbox's lease: replicas leasing together take different rows (<c>SKIP LOCKED</c>).</summary>
    public async Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.QueryAsync(c, t,
            """
            WITH leased AS (
                UPDATE outbox SET lease_until = @until
                WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now AND lease_until <= @now
                             ORDER BY next_attempt_at, id LIMIT @max FOR UPDATE SKIP LOCKED)
                RETURNING id, payload, attempts, lease_until, next_attempt_at)
            SELECT id, payload, attempts, lease_until FROM leased ORDER BY next_attempt_at, id;
            """,
            // The lease as stored (whole microseconds), which is what ExtendLeaseAsync compares with.
            r => new OutboxItem(r.GetInt64(0), StorageJson.Read<OutboundMessage>(r.GetString(1)), r.GetInt32(2), Pg.Time(r, 3)),
            cancellationToken, ("until", now + lease), ("now", now), ("max", max)), cancellationToken);

    public async Task<bool> ExtendLeaseAsync(long id, DateTimeOffset leasedUntil, DateTimeOffset until, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE outbox SET lease_until = @until WHERE id = @id AND status = 'pending' AND lease_until = @leased;", cancellationToken,
            ("until", until), ("id", id), ("leased", leasedUntil)), cancellationToken) == 1;

    public Task MarkSentAsync(long id, string? messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE outbox SET status = 'sent', sent_at = @now, message_id = @message, attempts = attempts + 1 WHERE id = @id;", cancellationToken,
            ("now", now), ("message", PostgresRoundStore.Text(messageId)), ("id", id)), cancellationToken);

    public Task RetryLaterAsync(long id, DateTimeOffset nextAttempt, string reason, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, lease_until = 'epoch', error = @reason WHERE id = @id;", cancellationToken,
            ("next", nextAttempt), ("reason", reason), ("id", id)), cancellationToken);

    public Task RefuseAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE outbox SET status = 'refused', attempts = attempts + 1, error = @reason, sent_at = @now WHERE id = @id;", cancellationToken,
            ("reason", reason), ("now", now), ("id", id)), cancellationToken);

    public Task FailAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, error = @reason, sent_at = @now, lease_until = 'epoch' WHERE id = @id;", cancellationToken,
            ("reason", reason), ("now", now), ("id", id)), cancellationToken);

    public Task ReleaseAsync(long id, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE outbox SET lease_until = 'epoch' WHERE id = @id AND status = 'pending';", cancellationToken, ("id", id)), cancellationToken);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            var rows = await Pg.QueryAsync(c, null, "SELECT MIN(GREATEST(next_attempt_at, lease_until)) FROM outbox WHERE status = 'pending';", r => Pg.NullableTime(r, 0), cancellationToken);
            return rows.Single();
        }, cancellationToken);

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken) =>
        (int)await database.ReadAsync(c => Pg.ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM outbox WHERE status = 'pending';", cancellationToken), cancellationToken);
}

public sealed class PostgresChannelSettingsStore(PostgresDatabase database) : IChannelSettingsStore
{
    public async Task<ChannelSettings> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Pg.QueryAsync(c, null, "SELECT private_feedback, remind_before FROM channel_settings WHERE platform = @platform AND conversation_id = @conversation;",
            r => new ChannelSettings(r.GetBoolean(0), r.IsDBNull(1) ? null : r.GetFieldValue<TimeSpan>(1)), cancellationToken, ("platform", platform), ("conversation", conversationId)), cancellationToken)).SingleOrDefault()
        ?? new ChannelSettings();

    public Task SaveAsync(string platform, string conversationId, ChannelSettings settings, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            """
            INSERT INTO channel_settings (platform, conversation_id, private_feedback, remind_before) VALUES (@platform, @conversation, @private, @remind)
            ON CONFLICT (platform, conversation_id) DO UPDATE SET private_feedback = excluded.private_feedback, remind_before = excluded.remind_before;
            """, cancellationToken,
            ("platform", platform), ("conversation", conversationId), ("private", settings.PrivateFeedback),
            ("remind", new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval, Value = settings.RemindBefore is { } remind ? remind : DBNull.Value })), cancellationToken);
}

public sealed class PostgresExampleRotation(PostgresDatabase database) : IExampleRotation
{
    // One statement: replicas counting the same conversation at once each get their own number.
    public async Task<int> NextAsync(string platform, string conversationId, string pool, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Pg.ScalarAsync<int>(c, t,
            """
            INSERT INTO examples_shown (platform, conversation_id, pool, shown) VALUES (@platform, @conversation, @pool, 1)
            ON CONFLICT (platform, conversation_id, pool) DO UPDATE SET shown = examples_shown.shown + 1
            RETURNING shown - 1;
            """, cancellationToken, ("platform", platform), ("conversation", conversationId), ("pool", pool)), cancellationToken);
}

public sealed class PostgresConversationAddressStore(PostgresDatabase database) : IConversationAddressStore
{
    public Task SaveAsync(ConversationAddress address, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            """
            INSERT INTO conversation_addresses (platform, conversation_id, team_id, reference, active, updated_at)
            VALUES (@platform, @conversation, @team, @reference, @active, @at)
            ON CONFLICT (platform, conversation_id) DO UPDATE SET team_id = excluded.team_id, reference = excluded.reference,
                active = excluded.active, updated_at = excluded.updated_at;
            """, cancellationToken,
            ("platform", address.Platform), ("conversation", address.ConversationId), ("team", address.TeamId), ("reference", address.Reference),
            ("active", address.Active), ("at", address.UpdatedAt)), cancellationToken);

    public async Task<ConversationAddress?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Pg.QueryAsync(c, null,
            "SELECT platform, conversation_id, team_id, reference, active, updated_at FROM conversation_addresses WHERE platform = @platform AND conversation_id = @conversation;",
            r => new ConversationAddress(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), Pg.Time(r, 5)),
            cancellationToken, ("platform", platform), ("conversation", conversationId)), cancellationToken)).SingleOrDefault();

    public Task<int> DeactivateTeamAsync(string platform, string teamId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Pg.ExecuteAsync(c, t,
            "UPDATE conversation_addresses SET active = false, updated_at = @at WHERE platform = @platform AND team_id = @team AND active;", cancellationToken,
            ("platform", platform), ("team", teamId), ("at", now)), cancellationToken);
}

/// <inheritdoc cref="IMessageRetention"/>
public sealed class PostgresRetention(PostgresDatabase database) : IMessageRetention
{
    public Task<(int Inbox, int Outbox)> DeleteFinishedAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var inbox = await Pg.ExecuteAsync(c, t,
                "DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE status IN ('done', 'failed') AND received_at < @before ORDER BY id LIMIT @max);",
                cancellationToken, ("before", before), ("max", max));
            var outbox = await Pg.ExecuteAsync(c, t,
                "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status IN ('sent', 'refused', 'failed') AND created_at < @before ORDER BY id LIMIT @max);",
                cancellationToken, ("before", before), ("max", max));
            return (inbox, outbox);
        }, cancellationToken);
}

/// <summary>
/// <c>forget me</c> in the database, as <see cref="SqlitePersonalDataStore"/>: every table that holds something of the
/// person, in one transaction. The inbox and outbox payloads are JSON in text columns, searched as <c>jsonb</c>; both
/// hold only the last <c>Storage:KeepMessagesFor</c> of traffic, and this runs once per request, so a scan is fine.
/// </summary>
public sealed class PostgresPersonalDataStore(PostgresDatabase database) : IPersonalDataStore
{
    public Task<ForgetReport> ForgetAsync(Inbound request, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            (string, object?)[] who = [("platform", request.Platform), ("user", request.UserId), ("conversation", request.ConversationId), ("message", request.MessageId)];
            var answers = await Pg.ExecuteAsync(c, t,
                "DELETE FROM round_answers WHERE user_id = @user AND round_id IN (SELECT id FROM rounds WHERE platform = @platform);", cancellationToken, who);
            // The rounds stay (other people's answers are in them); without a starter, anyone in one may close it.
            var rounds = await Pg.ExecuteAsync(c, t,
                "UPDATE rounds SET starter_user_id = NULL, starter_name = NULL WHERE platform = @platform AND starter_user_id = @user;", cancellationToken, who);
            var schedules = await Pg.ExecuteAsync(c, t,
                "UPDATE schedules SET created_by = '' WHERE platform = @platform AND created_by = @user;", cancellationToken, who);
            // Their one-to-one chats' addresses (a Teams conversation reference: where to reach them), known from their
            // messages there still in the inbox, so before those go. The reference's own conversation type tells a
            // personal chat from a group chat (both are direct). Not the one the request came from: the reply is sent
            // through it (and their next message there would store it again).
            var chats = await Pg.ExecuteAsync(c, t,
                """
                DELETE FROM conversation_addresses WHERE platform = @platform AND conversation_id <> @conversation
                AND reference LIKE '%"conversationType":"personal"%'
                AND conversation_id IN (SELECT payload::jsonb ->> 'conversationId' FROM inbox
                    WHERE payload::jsonb ->> 'platform' = @platform AND payload::jsonb ->> 'userId' = @user AND payload::jsonb ->> 'isDirect' = 'true');
                """, cancellationToken, who);
            // Handled or not (one not handled yet may be an answer they sent just before): all but the request itself,
            // which is being handled now and must still be answered.
            var inbox = await Pg.ExecuteAsync(c, t,
                """
                DELETE FROM inbox WHERE payload::jsonb ->> 'platform' = @platform AND payload::jsonb ->> 'userId' = @user
                AND NOT (payload::jsonb ->> 'conversationId' = @conversation AND payload::jsonb ->> 'messageId' = @message);
                """, cancellationToken, who);
            // Replies to them or answering them, waiting or not (feedback quotes their answer), but a round's question or
            // summary still waiting: those are for everyone in the round and hold no text of theirs (a summary names who
            // answered and which parts they covered; it is sent, like one already posted, and then goes with retention).
            var outbox = await Pg.ExecuteAsync(c, t,
                """
                DELETE FROM outbox WHERE platform = @platform
                AND (payload::jsonb ->> 'requestedBy' = @user OR payload::jsonb ->> 'recipientUserId' = @user)
                AND (status <> 'pending' OR payload::jsonb ->> 'recipientUserId' = @user OR COALESCE(payload::jsonb -> 'reply' ->> 'kind', '') NOT IN ('Question', 'Summary'));
                """, cancellationToken, who);
            return new ForgetReport(answers, rounds, schedules, inbox, outbox, chats);
        }, cancellationToken);
}
