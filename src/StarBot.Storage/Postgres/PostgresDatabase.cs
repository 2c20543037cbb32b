using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace StarBot.Storage.Postgres;

/// <summary>
/// The shared database (<c>Storage:Provider=postgres</c>): one pooled Npgsql data source. Unlike SQLite there is no
/// single writer to queue behind: every write is its own short transaction on a pooled connection, and the server
/// orders them (unique keys for claims, <c>FOR UPDATE SKIP LOCKED</c> for leases), so several replicas can share it.
/// </summary>
public sealed partial class PostgresDatabase : IStoreDatabase, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Connections per process unless the connection string says otherwise: Npgsql's own default (100) times a few
    /// replicas would use up a default server's <c>max_connections</c> (100).
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>Tries of one operation when it fails with an error that a new attempt may not meet (a dropped connection, a deadlock).</summary>
    private const int MaxAttempts = 4;

    /// <summary>How long <c>/healthz</c> waits for the database before calling it unreachable.</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The advisory lock that serialises migrations across replicas ("StarBot" in ASCII; any constant would do).</summary>
    private const long MigrationLock = 0x53746172426F74;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    public PostgresDatabase(string connectionString, ILogger<PostgresDatabase>? logger = null)
    {
        _logger = logger ?? NullLogger<PostgresDatabase>.Instance;
        _dataSource = new NpgsqlDataSourceBuilder(WithDefaults(connectionString)).Build();
    }

    /// <summary>
    /// The connection string with StarBot's defaults for what it does not set: the pool capped at
    /// <see cref="DefaultMaxPoolSize"/>.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = Parse(connectionString);
        if (!Mentions(connectionString, "maxpoolsize", "maximumpoolsize"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// What is wrong with <paramref name="connectionString"/> as a PostgreSQL connection string, or null. The
    /// answer never quotes the string: it may hold a password.
    /// </summary>
    public static string? Problem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "is required when Storage:Provider is postgres, e.g. Host=db;Username=starbot;Password=…;Database=starbot";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = Parse(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message may quote a value; only the fact is reported.
            return "is not a valid PostgreSQL connection string (Key=value pairs such as Host=db;Username=starbot;Database=starbot)";
        }

        return string.IsNullOrWhiteSpace(builder.Host) ? "must name the server with Host=…" : null;
    }

    /// <summary>
    /// Parses a connection string, taking a key Npgsql does not know in its spelling with spaces also without them:
    /// Npgsql 10 refuses <c>Max Pool Size</c> (ADO.NET's usual spelling) but takes <c>MaxPoolSize</c>.
    /// </summary>
    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder();
        foreach (string key in raw.Keys)
        {
            try
            {
                builder[key] = raw[key];
            }
            catch (ArgumentException) when (key.Contains(' ', StringComparison.Ordinal))
            {
                builder[key.Replace(" ", "", StringComparison.Ordinal)] = raw[key];
            }
        }

        return builder;
    }

    private static bool Mentions(string connectionString, params string[] keys)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>().Any(k => keys.Contains(k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()));
    }

    /// <summary>
    /// Creates the tables and applies what is new, all in one transaction that first takes an advisory lock: replicas
    /// starting together queue on it, and each one after the first finds the migrations applied.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) =>
        {
            await Pg.ExecuteAsync(c, t, "SELECT pg_advisory_xact_lock(@key);", cancellationToken, ("key", MigrationLock));
            await Pg.ExecuteAsync(c, t, "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, applied_at timestamptz NOT NULL);", cancellationToken);
            var applied = (await Pg.QueryAsync(c, t, "SELECT version FROM schema_migrations;", r => r.GetInt64(0), cancellationToken)).ToHashSet();
            foreach (var (version, sql) in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)))
            {
                await Pg.ExecuteAsync(c, t, sql, cancellationToken);
                await Pg.ExecuteAsync(c, t, "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, now());", cancellationToken, ("version", version));
                Log.Migrated(_logger, version);
            }

            return 0;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own and commits it. A transient failure (the connection
    /// dropped, the server restarting, a deadlock or serialisation failure) rolls it back and runs it again on a
    /// fresh connection. Work must therefore be safe to repeat; the stores' writes are (unique keys, conditional
    /// updates), with one edge: a commit whose acknowledgement is lost may have happened, and is then repeated.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WithRetriesAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled connection, outside a transaction; retried as <see cref="WriteAsync"/>.</summary>
    public Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        WithRetriesAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }, cancellationToken);

    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (n < MaxAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // Idle connections made before the failure (a server restart) would each fail once more: drop them.
                _dataSource.Clear();
                var wait = TimeSpan.FromMilliseconds(100 * Math.Pow(3, n - 1));
                Log.Retrying(_logger, n, wait, (e as PostgresException)?.SqlState ?? e.GetType().Name);
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    /// <summary>Errors a new attempt may not meet: Npgsql's judgement, plus the two a concurrent transaction causes.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        PostgresException p => p.IsTransient || p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        NpgsqlException n => n.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// Whether the database answers and is migrated, within <see cref="PingTimeout"/>. Not retried: <c>/healthz</c>
    /// must say promptly that the database is gone, and says so again as soon as it is back (the pool is cleared
    /// after a failure, so a restarted server's dead connections are not handed out again).
    /// </summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(timeout.Token);
            return await Pg.ScalarAsync<bool>(connection, null, "SELECT EXISTS (SELECT 1 FROM schema_migrations);", timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _dataSource.Clear();
            Log.Unreachable(_logger, (e as PostgresException)?.SqlState ?? e.GetType().Name);
            return false;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "PostgreSQL migration {Version} applied")]
        public static partial void Migrated(ILogger logger, long version);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "PostgreSQL attempt {Attempt} failed ({Error}); trying again in {Wait}")]
        public static partial void Retrying(ILogger logger, int attempt, TimeSpan wait, string error);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "PostgreSQL does not answer ({Error})")]
        public static partial void Unreachable(ILogger logger, string error);
    }
}

/// <summary>Small helpers so that every store writes SQL the same way: parameters by name, times as UTC <c>timestamptz</c>.</summary>
internal static class Pg
{
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    public static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>A <c>timestamptz</c> as read: in UTC, to the microsecond.</summary>
    public static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter typed)
            {
                // Typed by the caller: a null that the server must still know the type of.
                typed.ParameterName = name;
                command.Parameters.Add(typed);
                continue;
            }

            // Npgsql writes only UTC offsets to timestamptz; the instant is what is stored either way.
            command.Parameters.AddWithValue(name, value switch
            {
                DateTimeOffset time => time.ToUniversalTime(),
                null => DBNull.Value,
                _ => value,
            });
        }

        return command;
    }
}
