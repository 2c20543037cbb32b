using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace StarBot.Storage;

/// <summary>
/// The embedded database: one SQLite file in WAL mode (readers never wait for the writer; with
/// <c>synchronous=NORMAL</c> a killed process loses nothing committed), created and migrated on first open.
/// </summary>
public sealed class SqliteDatabase : IStoreDatabase, IAsyncDisposable, IDisposable
{
    /// <summary>Most write transactions one commit may carry.</summary>
    private const int MaxBatch = 256;

    private readonly string _connectionString;

    /// <summary>
    /// Writes waiting for the writer. One writer at a time per process: SQLite allows one anyway, and a queue here is
    /// a cheap wait where contending for SQLite's lock means sleeping in its busy handler. The writer commits whatever
    /// is waiting together (group commit): one <c>BEGIN IMMEDIATE … COMMIT</c> for many callers, each in its own
    /// savepoint, so that one caller's failure undoes only its own work. A caller's task completes only after the
    /// commit that holds its work. Guarded by <see cref="_gate"/>.
    /// </summary>
    private readonly Queue<PendingWrite> _waiting = new();

    private readonly Lock _gate = new();

    /// <summary>Whether some thread is the writer now (see <see cref="WriteAsync"/>).</summary>
    private bool _writing;

    private bool _closed;

    /// <summary>Set when the writer stops after <see cref="DisposeAsync"/> began.</summary>
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Pooled SQLite handles that have had the per-connection PRAGMAs (they last as long as the handle).</summary>
    private readonly ConditionalWeakTable<object, object> _configured = [];

    /// <summary>
    /// The writer's own connection, outside the pool and kept open: its page cache stays valid from one commit to
    /// the next (a pooled connection that another one wrote behind would have to read its pages again).
    /// </summary>
    private SqliteConnection? _writerConnection;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Another process holding the write lock makes us wait, up to this long, rather than fail.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Applies pending migrations; safe when several processes start together (each migration runs once).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);", cancellationToken, transaction);
        var applied = new HashSet<long>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT version FROM schema_migrations;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        foreach (var (version, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, sql, cancellationToken, transaction);
            await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()});", cancellationToken, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Per-connection settings: commits wait for the WAL write but not for fsync (a killed process loses nothing
    /// committed), foreign keys are enforced, and the file is read through a memory map rather than a read call a page.
    /// </summary>
    private const string ConnectionPragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456;";

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // The pool hands back the same SQLite handle again and again; its PRAGMAs stay set, so they run once a handle.
        if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
        {
            await ExecuteAsync(connection, ConnectionPragmas, cancellationToken);
            _configured.AddOrUpdate(handle, handle);
        }

        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, taken at once (BEGIN IMMEDIATE) so that two writers never
    /// deadlock; it may share the transaction with other callers' work (in a savepoint of its own), and the returned
    /// task completes once that transaction is committed. <paramref name="work"/> must use only the connection and
    /// transaction it is given, and must not itself call <see cref="WriteAsync"/>.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(work, cancellationToken);
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteDatabase)));
            }

            _waiting.Enqueue(pending);
            if (_writing)
            {
                return pending.Task;
            }

            _writing = true;
        }

        // No writer: this caller becomes it, on its own thread. Handing the write to another thread and its outcome
        // back costs two thread wake-ups a write, which at a few events a second is most of the cost of storing one.
        return WriteAsLeaderAsync(pending);
    }

    private async Task<T> WriteAsLeaderAsync<T>(PendingWrite<T> own)
    {
        await CommitWaitingAsync(own);
        return await own.Task;
    }

    /// <summary>
    /// The writer: commits what is waiting, batch after batch. A caller that became the writer stops once its own
    /// write is committed and hands what is still waiting to a pool thread, so that its own request is not kept
    /// waiting by others' writes; that thread goes on until nothing waits.
    /// </summary>
    private async Task CommitWaitingAsync(PendingWrite? own)
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (true)
        {
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    if (_closed)
                    {
                        _stopped.TrySetResult();
                    }

                    return;
                }

                if (own is not null && own.Published)
                {
                    // Still the writer (_writing stays set) until the pool thread takes over.
                    _ = Task.Run(() => CommitWaitingAsync(null), CancellationToken.None);
                    return;
                }

                batch.Clear();
                while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next))
                {
                    if (next.CancellationToken.IsCancellationRequested)
                    {
                        next.Cancel();
                    }
                    else
                    {
                        batch.Add(next);
                    }
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        try
        {
            var connection = _writerConnection ??= await OpenWriterAsync();
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (batch.Count == 1)
            {
                // Alone in the transaction: a failure rolls the whole of it back, as it always did.
                await batch[0].RunAsync(connection, transaction);
            }
            else
            {
                foreach (var write in batch)
                {
                    transaction.Save("w");
                    try
                    {
                        await write.RunAsync(connection, transaction);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // Undo this caller's work only; the others' stays in the transaction.
                        transaction.Rollback("w");
                        write.Failed(e);
                    }

                    transaction.Release("w");
                }
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing of the batch was committed: every caller not failed already learns why. The next batch
            // starts on a new connection, in case this one is what failed.
            foreach (var write in batch)
            {
                write.Failed(e);
            }

            if (_writerConnection is { } broken)
            {
                _writerConnection = null;
                await broken.DisposeAsync();
            }
        }

        foreach (var write in batch)
        {
            write.Publish();
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await ExecuteAsync(connection, ConnectionPragmas, CancellationToken.None);
        Sql.KeepPrepared(connection);
        return connection;
    }

    /// <summary>Lets queued writes finish, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Task stopped;
        lock (_gate)
        {
            _closed = true;
            stopped = _writing ? _stopped.Task : Task.CompletedTask;
        }

        // Queued writes finish first.
        await stopped;
        if (_writerConnection is { } connection)
        {
            _writerConnection = null;
            await connection.DisposeAsync();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private abstract class PendingWrite(CancellationToken cancellationToken)
    {
        private Exception? _error;

        public CancellationToken CancellationToken => cancellationToken;

        public abstract Task RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>Records the first failure; the caller hears of it only when the batch is over.</summary>
        public void Failed(Exception error) => _error ??= error;

        /// <summary>Whether the caller has been told the outcome.</summary>
        public bool Published { get; private set; }

        public void Publish()
        {
            Published = true;
            if (_error is null)
            {
                Succeed();
            }
            else
            {
                Fail(_error);
            }
        }

        public void Cancel()
        {
            Published = true;
            Canceled();
        }

        protected abstract void Canceled();

        protected abstract void Succeed();

        protected abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) : PendingWrite(cancellationToken)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            CancellationToken.ThrowIfCancellationRequested();
            _result = await work(connection, transaction);
        }

        protected override void Canceled() => _done.TrySetCanceled(CancellationToken);

        protected override void Succeed() => _done.TrySetResult(_result);

        protected override void Fail(Exception error)
        {
            if (error is OperationCanceledException canceled)
            {
                _done.TrySetCanceled(canceled.CancellationToken);
            }
            else
            {
                _done.TrySetException(error);
            }
        }
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>Whether the file can be opened and read: for the health check.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(async c => await Sql.ScalarAsync<long>(c, null, "SELECT COUNT(*) FROM schema_migrations;", cancellationToken, []) > 0, cancellationToken);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Small helpers so that every store writes SQL the same way: parameters by name, times as Unix milliseconds.</summary>
internal static class Sql
{
    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(connection, transaction, sql, parameters);
        return await lease.Command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(connection, transaction, sql, parameters);
        var value = await lease.Command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(connection, transaction, sql, parameters);
        await using var reader = await lease.Command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static long Time(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>
    /// Connections that keep their commands prepared (the writer's, which runs the same few statements all day):
    /// parsing and planning a statement costs more than running these ones.
    /// </summary>
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = [];

    /// <summary>From now on, commands on <paramref name="connection"/> are prepared once per SQL text and reused.</summary>
    public static void KeepPrepared(SqliteConnection connection) => Prepared.AddOrUpdate(connection, new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));

    private static CommandLease Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        SqliteCommand command;
        var owned = true;
        if (Prepared.TryGetValue(connection, out var prepared))
        {
            if (!prepared.TryGetValue(sql, out command!))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                prepared[sql] = command;
            }

            command.Parameters.Clear();
            owned = false;
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
        }

        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return new CommandLease(command, owned);
    }

    /// <summary>A command for one use: disposed after it unless its connection keeps it prepared.</summary>
    private readonly struct CommandLease(SqliteCommand command, bool owned) : IAsyncDisposable
    {
        public SqliteCommand Command => command;

        public ValueTask DisposeAsync() => owned ? command.DisposeAsync() : ValueTask.CompletedTask;
    }
}
