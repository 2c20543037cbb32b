using Npgsql;

namespace StarBot.Testing;

/// <summary>
/// The PostgreSQL server the tests may use, named by one environment variable (<see cref="Variable"/>, a connection
/// string whose user may create schemas; <c>.ci/run</c> starts a server and sets it). Without it the PostgreSQL
/// tests are skipped with a message saying so, except under <c>CI=true</c>, where they fail: CI must not go green
/// without having run them.
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "STARBOT_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests do not run here, or null when they run (or must run and fail: in CI).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"PostgreSQL tests skipped: {Variable} is not set (a connection string such as Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres; .ci/run starts a server and sets it)"
        : null;

    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set, and under CI=true the PostgreSQL tests fail rather than skip: .ci/run starts a server and sets it");
}

/// <summary>A schema of its own on the test server (tests run side by side without seeing each other's rows), dropped afterwards.</summary>
internal sealed class PostgresSchema : IDisposable
{
    private readonly string _admin;

    public PostgresSchema()
    {
        // Through StarBot's own parsing, which also takes spellings Npgsql alone refuses (Max Pool Size).
        var server = StarBot.Storage.Postgres.PostgresDatabase.WithDefaults(PostgresTestServer.Require());
        _admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        Name = "t_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE SCHEMA {Name};");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = Name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The server's connection string with this schema first on the search path: every table StarBot creates lands in it.</summary>
    public string ConnectionString { get; }

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose() => Execute($"DROP SCHEMA IF EXISTS {Name} CASCADE;");
}

/// <summary>A fact that needs the PostgreSQL test server: skipped outside CI without one (see <see cref="PostgresTestServer"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresTestServer.SkipReason!;
}
