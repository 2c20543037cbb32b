namespace StarBot.Storage;

/// <inheritdoc cref="IMessageRetention"/>
public sealed class SqliteRetention(SqliteDatabase database) : IMessageRetention
{
    /// <summary>
    /// Deletes at most <paramref name="max"/> finished rows from each table, received or created before
    /// <paramref name="before"/>, in one short write (the writer is shared with every ack); returns how many went.
    /// </summary>
    public Task<(int Inbox, int Outbox)> DeleteFinishedAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var inbox = await Sql.ExecuteAsync(c, t,
                "DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE status IN ('done', 'failed') AND received_at < $before ORDER BY id LIMIT $max);",
                cancellationToken, ("$before", Sql.Time(before)), ("$max", max));
            var outbox = await Sql.ExecuteAsync(c, t,
                "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status IN ('sent', 'refused', 'failed') AND created_at < $before ORDER BY id LIMIT $max);",
                cancellationToken, ("$before", Sql.Time(before)), ("$max", max));
            return (inbox, outbox);
        }, cancellationToken);
}
