using Microsoft.Data.Sqlite;
using StarBot.Core.Messaging;

namespace StarBot.Storage;

public sealed class SqliteOutbox(SqliteDatabase database) : IOutbox
{
    public Task EnqueueAsync(IReadOnlyList<OutboundMessage> messages, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Insert(c, t, messages, now, leasedUntil: null, cancellationToken), cancellationToken);

    /// <summary>
    /// Adds the messages whose dedupe keys are new, leased until <paramref name="leasedUntil"/> when given (to the caller,
    /// which delivers them itself), and returns those it added.
    /// </summary>
    internal static async Task<IReadOnlyList<OutboxItem>> Insert(SqliteConnection c, SqliteTransaction t, IReadOnlyList<OutboundMessage> messages, DateTimeOffset now,
        DateTimeOffset? leasedUntil, CancellationToken cancellationToken)
    {
        var added = new List<OutboxItem>(messages.Count);
        var lease = leasedUntil is { } until ? Sql.Time(until) : 0;
        foreach (var message in messages)
        {
            var ids = await Sql.QueryAsync(c, t,
                """
                INSERT OR IGNORE INTO outbox (dedupe_key, platform, payload, status, created_at, next_attempt_at, lease_until)
                VALUES ($key, $platform, $payload, 'pending', $now, $now, $lease)
                RETURNING id;
                """,
                r => r.GetInt64(0), cancellationToken,
                ("$key", message.DedupeKey), ("$platform", message.Platform), ("$payload", StorageJson.Write(message)), ("$now", Sql.Time(now)), ("$lease", lease));
            added.AddRange(ids.Select(id => new OutboxItem(id, message, 0, Sql.Time(lease))));
        }

        return added;
    }

    public async Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.QueryAsync(c, t,
            """
            UPDATE outbox SET lease_until = $until
            WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $now AND lease_until <= $now ORDER BY next_attempt_at, id LIMIT $max)
            RETURNING id, payload, attempts;
            """,
            // The lease as stored (whole milliseconds), which is what ExtendLeaseAsync compares with.
            r => new OutboxItem(r.GetInt64(0), StorageJson.Read<OutboundMessage>(r.GetString(1)), r.GetInt32(2), Sql.Time(Sql.Time(now + lease))),
            cancellationToken, ("$until", Sql.Time(now + lease)), ("$now", Sql.Time(now)), ("$max", max)), cancellationToken);

    public async Task<bool> ExtendLeaseAsync(long id, DateTimeOffset leasedUntil, DateTimeOffset until, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE outbox SET lease_until = $until WHERE id = $id AND status = 'pending' AND lease_until = $leased;", cancellationToken,
            ("$until", Sql.Time(until)), ("$id", id), ("$leased", Sql.Time(leasedUntil))), cancellationToken) == 1;

    public Task MarkSentAsync(long id, string? messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE outbox SET status = 'sent', sent_at = $now, message_id = $message, attempts = attempts + 1 WHERE id = $id;", cancellationToken,
            ("$now", Sql.Time(now)), ("$message", messageId), ("$id", id)), cancellationToken);

    public Task RetryLaterAsync(long id, DateTimeOffset nextAttempt, string reason, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $next, lease_until = 0, error = $reason WHERE id = $id;", cancellationToken,
            ("$next", Sql.Time(nextAttempt)), ("$reason", reason), ("$id", id)), cancellationToken);

    public Task RefuseAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE outbox SET status = 'refused', attempts = attempts + 1, error = $reason, sent_at = $now WHERE id = $id;", cancellationToken,
            ("$reason", reason), ("$now", Sql.Time(now)), ("$id", id)), cancellationToken);

    public Task FailAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, error = $reason, sent_at = $now, lease_until = 0 WHERE id = $id;", cancellationToken,
            ("$reason", reason), ("$now", Sql.Time(now)), ("$id", id)), cancellationToken);

    public Task ReleaseAsync(long id, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE outbox SET lease_until = 0 WHERE id = $id AND status = 'pending';", cancellationToken, ("$id", id)), cancellationToken);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        var next = await database.ReadAsync(c => Sql.ScalarAsync<long?>(c, null, "SELECT MIN(MAX(next_attempt_at, lease_until)) FROM outbox WHERE status = 'pending';", cancellationToken), cancellationToken);
        return next is { } ms ? Sql.Time(ms) : null;
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken) =>
        (int)await database.ReadAsync(c => Sql.ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM outbox WHERE status = 'pending';", cancellationToken), cancellationToken);
}
