using System.Diagnostics;
using Npgsql;
using StarBot.Storage.Postgres;
using StarBot.Testing;

namespace StarBot.Storage.Tests;

/// <summary>What only the PostgreSQL provider does: its connection settings and how it meets an unreachable server.</summary>
public sealed class PostgresDatabaseTests
{
    [Theory]
    [InlineData("Host=db;Username=starbot", 20)]
    [InlineData("Host=db;Username=starbot;Maximum Pool Size=50", 50)]
    [InlineData("Host=db;Username=starbot;Max Pool Size=7", 7)]
    [InlineData("Host=db;Username=starbot;MaxPoolSize=8", 8)]
    public void The_pool_is_capped_at_20_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults(connectionString)).MaxPoolSize);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("Host=db;Password=hunter2;Colour=blue", "is not a valid PostgreSQL connection string")]
    [InlineData("Password=hunter2", "must name the server")]
    public void A_bad_connection_string_is_described_without_quoting_it(string? connectionString, string expected)
    {
        var problem = PostgresDatabase.Problem(connectionString);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
        Assert.Null(PostgresDatabase.Problem("Host=db;Username=starbot;Password=hunter2;Database=starbot"));
    }

    [PostgresFact]
    public async Task The_database_is_unhealthy_while_unreachable_and_healthy_again_once_back_without_a_new_object()
    {
        using var schema = new PostgresSchema();
        await using var forwarder = TcpForwarder.For(schema.ConnectionString);
        await using var database = new PostgresDatabase(forwarder.ConnectionString);
        var inbox = new PostgresInbox(database);
        await database.MigrateAsync(default);
        Assert.True(await database.PingAsync(default));
        Assert.Equal(0, await inbox.PendingCountAsync(default));

        forwarder.Stop();
        var clock = Stopwatch.StartNew();
        Assert.False(await database.PingAsync(default));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the ping took {clock.Elapsed}");
        // A store call gives up after its retries with the database's error, rather than hanging.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => inbox.PendingCountAsync(default));

        forwarder.Start();
        Assert.True(await database.PingAsync(default));
        Assert.Equal(0, await inbox.PendingCountAsync(default));
    }

    [PostgresFact]
    public async Task A_write_that_meets_a_dropped_connection_is_retried_on_a_new_one()
    {
        using var schema = new PostgresSchema();
        await using var forwarder = TcpForwarder.For(schema.ConnectionString);
        await using var database = new PostgresDatabase(forwarder.ConnectionString);
        var inbox = new PostgresInbox(database);
        await database.MigrateAsync(default);
        var inbound = new StarBot.Core.Conversation.Inbound { Platform = "slack", ConversationId = "C1", MessageId = "1", UserId = "U1", UserName = "alex", Text = "help" };
        Assert.True(await inbox.AcceptAsync("k1", inbound, DateTimeOffset.UtcNow, default));

        // The pooled connection is dead (the server restarted); the next write still succeeds, on a new connection.
        forwarder.DropConnections();
        Assert.True(await inbox.AcceptAsync("k2", inbound, DateTimeOffset.UtcNow, default));

        Assert.Equal(2, await inbox.PendingCountAsync(default));
    }
}
