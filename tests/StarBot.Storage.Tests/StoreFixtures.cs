using Npgsql;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;
using StarBot.Storage.Postgres;
using StarBot.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StarBot.Storage.Tests;

/// <summary>Every store over one database object (one process's view of the store).</summary>
public sealed record Stores(
    IStoreDatabase Database, IRoundStore Rounds, IScheduleStore Schedules, IInbox Inbox, IOutbox Outbox,
    IChannelSettingsStore Settings, IConversationAddressStore Addresses, IMessageRetention Retention, IPersonalDataStore PersonalData,
    IExampleRotation Examples);

/// <summary>
/// A fresh, migrated store on one provider, for one test. The contract tests see only this, so that what they
/// assert holds on every provider alike.
/// </summary>
public interface IStoreFixture : IDisposable
{
    /// <summary>The stores of "this process".</summary>
    Stores Stores { get; }

    /// <summary>The stores of another process on the same store (its own database object and connections), not migrated by itself.</summary>
    Stores OpenInstance();

    /// <summary>The one text column <paramref name="sql"/> selects (portable SQL only).</summary>
    Task<List<string>> StringsAsync(string sql);

    /// <summary>The migration versions recorded as applied, in order.</summary>
    Task<List<long>> AppliedMigrationsAsync();

    /// <summary>The versions the provider's migrations define.</summary>
    IReadOnlyList<long> Migrations { get; }

    /// <summary>From now on every insert into the outbox fails, as a full disk would.</summary>
    Task BreakOutboxInsertsAsync();
}

public sealed class SqliteStoreFixture : IStoreFixture
{
    private readonly SqliteFile _file = new();
    private readonly List<SqliteDatabase> _instances = [];

    public SqliteStoreFixture() => Stores = For(_file.Database);

    public Stores Stores { get; }

    public SqliteDatabase Database => _file.Database;

    public IReadOnlyList<long> Migrations => Storage.Migrations.All.Select(m => m.Version).ToList();

    public Stores OpenInstance()
    {
        var database = new SqliteDatabase(_file.Path);
        lock (_instances)
        {
            _instances.Add(database);
        }

        return For(database);
    }

    private static Stores For(SqliteDatabase d) => new(d, new SqliteRoundStore(d), new SqliteScheduleStore(d), new SqliteInbox(d), new SqliteOutbox(d),
        new SqliteChannelSettingsStore(d), new SqliteConversationAddressStore(d), new SqliteRetention(d), new SqlitePersonalDataStore(d), new SqliteExampleRotation(d));

    public Task<List<string>> StringsAsync(string sql) => _file.Database.ReadAsync(c => Sql.QueryAsync(c, null, sql, r => r.GetString(0), default), default);

    public Task<List<long>> AppliedMigrationsAsync() =>
        _file.Database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT version FROM schema_migrations ORDER BY version;", r => r.GetInt64(0), default), default);

    public Task BreakOutboxInsertsAsync() =>
        _file.Database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "CREATE TRIGGER no_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;", default), default);

    public void Dispose()
    {
        foreach (var database in _instances)
        {
            database.Dispose();
        }

        _file.Dispose();
    }
}

/// <summary>A schema of its own on the PostgreSQL test server, migrated.</summary>
public sealed class PostgresStoreFixture : IStoreFixture
{
    private readonly PostgresSchema _schema = new();
    private readonly PostgresDatabase _database;
    private readonly List<PostgresDatabase> _instances = [];

    public PostgresStoreFixture()
    {
        _database = new PostgresDatabase(_schema.ConnectionString);
        _database.MigrateAsync(default).GetAwaiter().GetResult();
        Stores = For(_database);
    }

    public Stores Stores { get; }

    public PostgresDatabase Database => _database;

    public string ConnectionString => _schema.ConnectionString;

    public IReadOnlyList<long> Migrations => PostgresMigrations.All.Select(m => m.Version).ToList();

    public Stores OpenInstance()
    {
        var database = new PostgresDatabase(_schema.ConnectionString);
        lock (_instances)
        {
            _instances.Add(database);
        }

        return For(database);
    }

    private static Stores For(PostgresDatabase d) => new(d, new PostgresRoundStore(d), new PostgresScheduleStore(d), new PostgresInbox(d), new PostgresOutbox(d),
        new PostgresChannelSettingsStore(d), new PostgresConversationAddressStore(d), new PostgresRetention(d), new PostgresPersonalDataStore(d), new PostgresExampleRotation(d));

    public Task<List<string>> StringsAsync(string sql) => _database.ReadAsync(c => Pg.QueryAsync(c, null, sql, r => r.GetString(0), default), default);

    public Task<List<long>> AppliedMigrationsAsync() =>
        _database.ReadAsync(c => Pg.QueryAsync(c, null, "SELECT version FROM schema_migrations ORDER BY version;", r => r.GetInt64(0), default), default);

    public Task BreakOutboxInsertsAsync()
    {
        _schema.Execute($"""
            CREATE FUNCTION {_schema.Name}.disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
            CREATE TRIGGER no_outbox BEFORE INSERT ON {_schema.Name}.outbox FOR EACH ROW EXECUTE FUNCTION {_schema.Name}.disk_full();
            """);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var database in _instances)
        {
            database.Dispose();
        }

        _database.Dispose();
        _schema.Dispose();
    }
}

/// <summary>On a test class whose store is PostgreSQL: its <see cref="StoreFactAttribute"/> facts skip, outside CI, without a server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>
/// A fact of a contract test class, written once and run by each provider's subclass. The subclass decides whether
/// it may be skipped (<see cref="RequiresPostgresAttribute"/>): a plain <c>Skip</c> could not tell the two apart.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("StarBot.Storage.Tests.StoreFactDiscoverer", "StarBot.Storage.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() && PostgresTestServer.SkipReason is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
}
