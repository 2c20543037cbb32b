using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>The service with <c>Storage:Provider=postgres</c>: the same conversation as on SQLite, and health that follows the database.</summary>
public sealed class PostgresServiceTests
{
    private const string Answer = "We had a flaky deploy. I added a canary. Failures dropped from 9 to 1.";

    [PostgresFact]
    public async Task A_team_round_runs_through_the_service_on_PostgreSQL_and_a_redelivered_message_gets_one_reply()
    {
        using var schema = new PostgresSchema();
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform, Postgres(schema.ConnectionString));

        await host.SayAsync("alex", "practice leadership", "m1");
        Assert.Equal("Practice round", (await platform.WaitForAsync(p => p.Count == 1))[0].Title());
        await host.SayAsync("sam", "We had a flaky deploy. I added a canary. Failures dropped from 9 to 1.", "m2", thread: "P1", mention: false);
        var duplicate = await (await host.SayAsync("sam", "We had a flaky deploy. I added a canary. Failures dropped from 9 to 1.", "m2", thread: "P1", mention: false))
            .Content.ReadFromJsonAsync<JsonElement>();
        await platform.WaitForAsync(p => p.Count == 2);
        await host.SayAsync("alex", "done", "m3", thread: "P1", mention: false);

        var posts = await platform.WaitForAsync(p => p.Count == 3);
        Assert.True(duplicate.GetProperty("duplicate").GetBoolean());
        Assert.Equal(["Practice round", "Feedback for sam", "Round closed"], posts.Select(p => p.Title()));
        Assert.Contains("sam covered", posts[2].GetProperty("text").GetString(), StringComparison.Ordinal);
        // Stored in PostgreSQL, not in a SQLite file beside it.
        Assert.False(File.Exists(host.DatabasePath));
    }

    [PostgresFact]
    public async Task Forget_me_through_the_service_on_PostgreSQL_deletes_the_answers_and_the_stored_messages()
    {
        using var schema = new PostgresSchema();
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform, Postgres(schema.ConnectionString));
        await host.SayAsync("alex", "practice leadership", "m1");
        await platform.WaitForAsync(p => p.Count == 1);
        // The round learns its thread (P1) once the post is recorded as sent.
        await SettleAsync(schema.ConnectionString);
        await host.SayAsync("sam", Answer, "m2", thread: "P1", mention: false);
        await host.SayAsync("alex", Answer, "m3", thread: "P1", mention: false);
        await platform.WaitForAsync(p => p.Count == 3);
        await SettleAsync(schema.ConnectionString);

        await host.SayAsync("sam", "forget me yes", "m4");

        var posts = await platform.WaitForAsync(p => p.Count == 4);
        Assert.Contains("1 answer (your practice history), 1 message of yours and 1 reply to you", posts[3].GetProperty("text").GetString()!, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(schema.ConnectionString, "SELECT COUNT(*) FROM round_answers WHERE user_id = 'U-sam';"));
        Assert.Equal(1L, await CountAsync(schema.ConnectionString, "SELECT COUNT(*) FROM round_answers WHERE user_id = 'U-alex';"));
    }

    [PostgresFact]
    public async Task Asking_for_an_example_again_on_another_replica_shows_the_next_one()
    {
        using var schema = new PostgresSchema();
        await using var platform = await FakePlatform.StartAsync();
        await using var one = await ServiceHost.StartAsync(platform, Postgres(schema.ConnectionString));
        await using var two = await ServiceHost.StartAsync(platform, Postgres(schema.ConnectionString));

        await one.SayAsync("alex", "example conflict", "m1");
        await platform.WaitForAsync(p => p.Count == 1);
        await two.SayAsync("alex", "example conflict", "m2");

        var posts = await platform.WaitForAsync(p => p.Count == 2);
        Assert.Equal(["Example answer", "Example answer"], posts.Select(p => p.Title()));
        // The second replica knows the first example was shown: it shows the next one.
        Assert.NotEqual(posts[0].GetProperty("text").GetString(), posts[1].GetProperty("text").GetString());
    }

    /// <summary>As <see cref="StoreProbe.SettleAsync"/>, on the PostgreSQL schema: nothing pending in the inbox or the outbox.</summary>
    private static async Task SettleAsync(string connectionString)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        long pending = -1;
        while (DateTime.UtcNow < until)
        {
            pending = await CountAsync(connectionString,
                "SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') + (SELECT COUNT(*) FROM outbox WHERE status = 'pending');");
            if (pending == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the store still has {pending} pending inbox or outbox rows");
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [PostgresFact]
    public async Task Health_is_503_while_the_database_is_unreachable_and_200_again_once_it_is_back_without_a_restart()
    {
        using var schema = new PostgresSchema();
        await using var forwarder = TcpForwarder.For(schema.ConnectionString);
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform, Postgres(forwarder.ConnectionString));
        // Healthy once the scheduler has finished its first pass.
        Assert.Equal(HttpStatusCode.OK, await StatusOnceAsync(host, HttpStatusCode.OK));

        forwarder.Stop();
        var down = await host.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.False((await down.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("store").GetBoolean());

        forwarder.Start();
        Assert.Equal(HttpStatusCode.OK, await StatusOnceAsync(host, HttpStatusCode.OK));
        // And the service works again: a message gets its reply.
        await host.SayAsync("alex", "help", "m1");
        Assert.Equal("StarBot", (await platform.WaitForAsync(p => p.Count == 1))[0].Title());
    }

    private static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = connectionString,
    };

    /// <summary>
    /// Asks <c>/healthz</c> until it answers <paramref name="wanted"/> (the scheduler, which failed while the
    /// database was gone, must first finish a pass again), for at most 15 s; returns the last status.
    /// </summary>
    private static async Task<HttpStatusCode> StatusOnceAsync(ServiceHost host, HttpStatusCode wanted)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        do
        {
            status = (await host.Http.GetAsync("/healthz")).StatusCode;
            if (status == wanted)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);

        return status;
    }
}
