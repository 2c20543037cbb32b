using StarBot.Core.Conversation;
using StarBot.Core.Messaging;

namespace StarBot.Storage;

public sealed class SqliteInbox(SqliteDatabase database) : IInbox
{
    public async Task<bool> AcceptAsync(string dedupeKey, Inbound inbound, DateTimeOffset now, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "INSERT OR IGNORE INTO inbox (dedupe_key, payload, received_at, status, next_attempt_at) VALUES ($key, $payload, $now, 'pending', $now);",
            cancellationToken, ("$key", dedupeKey), ("$payload", StorageJson.Write(inbound)), ("$now", Sql.Time(now))), cancellationToken) == 1;

    public async Task<IReadOnlyList<InboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.QueryAsync(c, t,
            """
            UPDATE inbox SET lease_until = $until
            WHERE id IN (SELECT id FROM inbox WHERE status = 'pending' AND next_attempt_at <= $now AND lease_until <= $now ORDER BY id LIMIT $max)
            RETURNING id, dedupe_key, payload, attempts;
            """,
            r => new InboxItem(r.GetInt64(0), r.GetString(1), StorageJson.Read<Inbound>(r.GetString(2)), r.GetInt32(3)),
            cancellationToken, ("$until", Sql.Time(now + lease)), ("$now", Sql.Time(now)), ("$max", max)), cancellationToken);

    public Task<IReadOnlyList<OutboxItem>> CompleteAsync(long id, IReadOnlyList<OutboundMessage> replies, DateTimeOffset now, DateTimeOffset repliesLeasedUntil,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var added = await SqliteOutbox.Insert(c, t, replies, now, repliesLeasedUntil, cancellationToken);
            await Sql.ExecuteAsync(c, t, "UPDATE inbox SET status = 'done', done_at = $now, attempts = attempts + 1 WHERE id = $id;", cancellationToken,
                ("$now", Sql.Time(now)), ("$id", id));
            return added;
        }, cancellationToken);

    public Task FailAsync(long id, string error, DateTimeOffset retryAt, bool permanent, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE inbox SET status = $status, attempts = attempts + 1, next_attempt_at = $retry, lease_until = 0, error = $error WHERE id = $id;", cancellationToken,
            ("$status", permanent ? "failed" : "pending"), ("$retry", Sql.Time(retryAt)), ("$error", error), ("$id", id)), cancellationToken);

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken) =>
        (int)await database.ReadAsync(c => Sql.ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM inbox WHERE status = 'pending';", cancellationToken), cancellationToken);
}
