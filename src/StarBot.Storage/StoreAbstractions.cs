namespace StarBot.Storage;

/// <summary>
/// What the host needs of the database itself, whichever provider holds the stores: migrating it at start-up and
/// asking whether it answers (<c>/healthz</c>).
/// </summary>
public interface IStoreDatabase
{
    /// <summary>Applies pending migrations; safe when several processes start together (each migration runs once).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Whether the database answers and is migrated; false (never an exception) when it cannot be reached.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Deletes what the inbox and the outbox no longer need: events handled (or given up) and replies delivered (or
/// refused, or given up) before a cutoff. Their dedupe keys are needed only while a platform may still redeliver (Slack retries
/// within the hour), and their payloads hold what people wrote, which the store should not keep for ever.
/// Pending rows stay whatever their age.
/// </summary>
public interface IMessageRetention
{
    /// <summary>
    /// Deletes at most <paramref name="max"/> finished rows from each table, received or created before
    /// <paramref name="before"/>; returns how many went.
    /// </summary>
    Task<(int Inbox, int Outbox)> DeleteFinishedAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);
}

/// <summary>The values <c>Storage:Provider</c> takes.</summary>
public static class StorageProviders
{
    /// <summary>One SQLite file (<c>Storage:Path</c>): the default, for one process.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL database (<c>Storage:ConnectionString</c>), which several replicas may share.</summary>
    public const string Postgres = "postgres";
}
