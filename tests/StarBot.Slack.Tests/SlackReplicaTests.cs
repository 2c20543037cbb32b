using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>
/// Three <c>serve</c> processes on one PostgreSQL database and one (fake) Slack, as behind a load balancer: whichever
/// replica a request reaches, and however many do, each daily question and each reply goes out once.
/// </summary>
public sealed class SlackReplicaTests(SlackReplicaTests.ClusterFixture fixture) : IClassFixture<SlackReplicaTests.ClusterFixture>
{
    internal const int ReplicaCount = 3;

    /// <summary>
    /// One cluster for the class (starting three processes is most of each test's time); started by the first test
    /// that runs, so that a class whose tests are skipped starts nothing. The tests use different channels.
    /// </summary>
    public sealed class ClusterFixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private Cluster? _cluster;

        public async Task<Cluster> GetAsync()
        {
            await _gate.WaitAsync();
            try
            {
                return _cluster ??= await Cluster.StartAsync();
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        /// <summary>Stops the replicas: xunit calls this (IAsyncLifetime), where it would not call IAsyncDisposable on a class fixture.</summary>
        public async Task DisposeAsync()
        {
            if (_cluster is { } cluster)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task Channels_due_the_same_minute_with_schedules_set_through_different_replicas_are_each_posted_once()
    {
        var cluster = await fixture.GetAsync();
        var channels = Enumerable.Range(1, 9).Select(i => $"C0DAILY{i:D3}").ToList();
        for (var i = 0; i < channels.Count; i++)
        {
            var form = Fixtures.Text("commands/schedule_daily_berlin.txt")
                .Replace("channel_id=C0PRACTICE", $"channel_id={channels[i]}", StringComparison.Ordinal)
                .Replace("text=schedule+daily+09%3A00+Europe%2FBerlin+weekdays", "text=schedule+daily+09%3A00+UTC+every+day", StringComparison.Ordinal);
            var response = await cluster.PostAsync(i % ReplicaCount, "/slack/commands", form, "application/x-www-form-urlencoded");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(channels.Count, await cluster.CountAsync("SELECT COUNT(*) FROM schedules;"));
        // Every schedule due now, all at the same instant (rather than waiting for a wall-clock 09:00): each replica's
        // scheduler, polling every 100 ms, finds all of them due at once.
        await cluster.CountAsync("UPDATE schedules SET next_due_at = now() RETURNING 1;");

        await cluster.SettleAsync(() => cluster.CountAsync($"SELECT COUNT(*) FROM daily_posts WHERE outcome = 'posted';"), channels.Count);
        var posts = cluster.Slack.Posts.Select(p => p.GetProperty("channel").GetString()).Where(c => c!.StartsWith("C0DAILY", StringComparison.Ordinal)).ToList();
        Assert.Equal(channels, posts.Order());
        Assert.Equal(channels.Count, await cluster.CountAsync("SELECT COUNT(*) FROM rounds;"));
        // Every replica was running its scheduler (they all answered /healthz), so the claims really were contended.
        Assert.All(cluster.Replicas, r => Assert.False(r.HasExited));
    }

    [PostgresFact]
    public async Task The_same_Slack_event_delivered_to_every_replica_gets_one_reply()
    {
        var cluster = await fixture.GetAsync();
        var mention = Fixtures.Text("events/app_mention.json").Replace("practice leadership", "help", StringComparison.Ordinal);

        // Slack's retry of one event reaching every replica at once (as a load balancer may spread them).
        var responses = await Task.WhenAll(Enumerable.Range(0, ReplicaCount).Select(i => cluster.PostAsync(i, "/slack/events", mention, "application/json")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        const string Stored = "SELECT COUNT(*) FROM inbox WHERE payload LIKE '%C0PRACTICE%'";
        await cluster.SettleAsync(() => cluster.CountAsync(Stored + " AND status = 'done';"), 1);
        Assert.Equal(1, await cluster.CountAsync(Stored + ";"));
        var replies = cluster.Slack.Posts.Where(p => p.GetProperty("channel").GetString() == "C0PRACTICE").ToList();
        Assert.Single(replies);
    }

    /// <summary>The replicas, their database and Slack; everything is stopped and dropped on dispose.</summary>
    public sealed class Cluster : IAsyncDisposable
    {
        private readonly PostgresSchema _schema;
        private readonly List<TempFolder> _folders;
        private readonly List<int> _ports;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

        private Cluster(PostgresSchema schema, List<FakeSlack> slacks, List<TempFolder> folders, List<int> ports, List<Process> replicas)
        {
            _schema = schema;
            Slacks = slacks;
            _folders = folders;
            _ports = ports;
            Replicas = replicas;
        }

        /// <summary>The (one) Slack that every replica calls; with a Slack per replica, replica 0's.</summary>
        public FakeSlack Slack => Slacks[0];

        /// <summary>The Slack each replica calls, by replica: the same one unless started with a Slack per replica.</summary>
        public List<FakeSlack> Slacks { get; }

        /// <summary>Every post to Slack, whichever replica made it.</summary>
        public IEnumerable<JsonElement> AllPosts => Slacks.Distinct().SelectMany(s => s.Posts);

        public List<Process> Replicas { get; }

        /// <summary>
        /// Starts the replicas with <paramref name="settings"/> on top of the usual ones; with
        /// <paramref name="slackPerReplica"/>, each calls its own fake Slack, which tells which replica sent what.
        /// </summary>
        public static async Task<Cluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool slackPerReplica = false)
        {
            var schema = new PostgresSchema();
            var slacks = new List<FakeSlack> { await FakeSlack.StartAsync() };
            while (slacks.Count < ReplicaCount)
            {
                slacks.Add(slackPerReplica ? await FakeSlack.StartAsync() : slacks[0]);
            }

            var folders = Enumerable.Range(0, ReplicaCount).Select(_ => new TempFolder()).ToList();
            var ports = folders.Select(_ => LoopbackServer.FreePort()).ToList();
            var output = new ConcurrentQueue<string>();
            var replicas = folders.Select((folder, i) => StarBotProcess.Serve(folder, ports[i], new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
            {
                ["Storage__Provider"] = "postgres",
                ["Storage__ConnectionString"] = schema.ConnectionString,
                ["Slack__SigningSecret"] = SlackHost.SigningSecret,
                ["Slack__BotToken"] = FakeSlack.Token,
                ["Slack__ApiBaseUrl"] = slacks[i].BaseUrl,
                ["Scheduler__PollInterval"] = "00:00:00.100",
                ["Outbox__ChannelInterval"] = settings?.GetValueOrDefault("Outbox__ChannelInterval") ?? "00:00:00",
            }, output)).ToList();
            var cluster = new Cluster(schema, slacks, folders, ports, replicas);
            try
            {
                // All three migrate the one database at once; each must come up ready.
                await Task.WhenAll(ports.Select(cluster.WaitReadyAsync));
            }
            catch
            {
                await cluster.DisposeAsync();
                throw new InvalidOperationException("the replicas did not start: " + string.Join('\n', output));
            }

            return cluster;
        }

        private async Task WaitReadyAsync(int port)
        {
            var until = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < until)
            {
                try
                {
                    if ((await _http.GetAsync($"http://127.0.0.1:{port}/readyz")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"the replica on {port} did not become ready");
        }

        /// <summary>A request signed as Slack signs it, to replica <paramref name="replica"/>.</summary>
        public Task<HttpResponseMessage> PostAsync(int replica, string path, string body, string contentType)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_ports[replica]}{path}") { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(SlackHost.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
            return _http.SendAsync(request);
        }

        /// <summary>The database the replicas share (a schema of its own), for a test's own queries.</summary>
        public string ConnectionString => _schema.ConnectionString;

        public async Task<long> CountAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_schema.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Waits until <paramref name="done"/> reaches <paramref name="expected"/> and nothing is left pending in the inbox
        /// or the outbox (every reply delivered to Slack), for at most 30 s.
        /// </summary>
        public async Task SettleAsync(Func<Task<long>> done, long expected)
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < until)
            {
                if (await done() >= expected
                    && await CountAsync("SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') + (SELECT COUNT(*) FROM outbox WHERE status = 'pending');") == 0)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"the replicas did not settle: {await done()} of {expected}");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var replica in Replicas)
            {
                if (!replica.HasExited)
                {
                    replica.Kill(entireProcessTree: true);
                }

                await replica.WaitForExitAsync();
                replica.Dispose();
            }

            _http.Dispose();
            foreach (var slack in Slacks.Distinct())
            {
                await slack.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            _schema.Dispose();
            foreach (var folder in _folders)
            {
                folder.Dispose();
            }
        }
    }
}
