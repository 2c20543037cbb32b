using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StarBot.Core.Scheduling;
using StarBot.Storage;
using StarBot.Storage.Postgres;

using StarBot.Testing;

namespace StarBot.Bench;

/// <summary>
/// daily-load [channels]: that many channels' daily questions due at the same minute, posted by the real service
/// (its own process, its own SQLite file) to a loopback platform that allows one post per second per channel
/// and 400 per second overall and answers anything more with 429 and Retry-After: 1. A second, smaller batch falls
/// due one minute later, to show the scheduler keeps up with the next minute's work. An optional second argument
/// sets the service's own send rate (default 350/s, under the platform's limit). With a PostgreSQL server
/// (<c>--postgres CONNECTION</c>) the store is a fresh database on it, and <c>--replicas N</c> runs N service
/// processes on that one database, each sending at its share of the rate.
/// </summary>
public static class DailyLoad
{
    public static async Task<int> RunAsync(string root, int channels, int? serviceRate = null, string? postgres = null, int replicas = 1)
    {
        var folder = Path.Combine(Path.GetTempPath(), "starbot-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        var platform = await LimitedPlatform.StartAsync();
        var now = DateTimeOffset.UtcNow;
        // Far enough ahead that the service is up, on a whole minute.
        var first = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 40 ? 1 : 2);
        var second = first.AddMinutes(1);
        const int secondBatch = 100;
        IScheduleStore schedules;
        var storeSettings = new Dictionary<string, string>();
        if (postgres is null)
        {
            var database = new SqliteDatabase(Path.Combine(folder, "starbot.db"));
            await database.MigrateAsync(default);
            schedules = new SqliteScheduleStore(database);
            storeSettings["Storage__Path"] = database.Path;
        }
        else
        {
            var connection = await FreshPostgresDatabaseAsync(postgres);
            var database = new PostgresDatabase(connection);
            await database.MigrateAsync(default);
            schedules = new PostgresScheduleStore(database);
            storeSettings["Storage__Provider"] = "postgres";
            storeSettings["Storage__ConnectionString"] = connection;
        }

        var setup = Stopwatch.StartNew();
        for (var c = 0; c < channels + secondBatch; c++)
        {
            var at = c < channels ? first : second;
            await schedules.SaveAsync(new DailySchedule("webhook", "T", $"C{c:D5}", TimeOnly.FromDateTime(at.UtcDateTime), "UTC", ScheduleDays.EveryDay, null, "bench", now), at, default);
        }

        Console.WriteLine($"{channels} channels due at {first:HH:mm:ss} UTC, {secondBatch} more at {second:HH:mm:ss} (set up in {setup.Elapsed.TotalSeconds:F1} s)");
        var services = new List<Process>();
        for (var r = 0; r < replicas; r++)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StarBot.dll"));
            info.ArgumentList.Add("serve");
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{LoopbackServer.FreePort()}");
            foreach (var (key, value) in storeSettings)
            {
                info.Environment[key] = value;
            }

            info.Environment["Webhook__Enabled"] = "true";
            info.Environment["Webhook__OutboundUrl"] = platform.Url;
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            // The send rate is each process's own: replicas share the platform's limit by each taking its part.
            // Above the platform's 400/s (a RATE argument) shows that 429s cost time but never a post.
            info.Environment["Outbox__MessagesPerSecond"] = ((serviceRate ?? 350) / replicas).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var service = Process.Start(info)!;
            var name = replicas == 1 ? "service" : $"replica {r + 1}";
            service.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.Ordinal)) Console.WriteLine($"  {name}: " + line); };
            service.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine($"  {name}: " + line); };
            service.BeginOutputReadLine();
            service.BeginErrorReadLine();
            services.Add(service);
        }

        var deadline = second.AddSeconds(150);
        while (DateTimeOffset.UtcNow < deadline && platform.Delivered.Count < channels + secondBatch)
        {
            await Task.Delay(500);
        }

        var cpu = TimeSpan.Zero;
        foreach (var service in services)
        {
            cpu += service.TotalProcessorTime;
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            service.Dispose();
        }

        var firstDelays = platform.Delivered.Where(d => int.Parse(d.Key[1..], System.Globalization.CultureInfo.InvariantCulture) < channels).Select(d => (d.Value - first).TotalSeconds).Order().ToList();
        var secondDelays = platform.Delivered.Where(d => int.Parse(d.Key[1..], System.Globalization.CultureInfo.InvariantCulture) >= channels).Select(d => (d.Value - second).TotalSeconds).Order().ToList();
        Console.WriteLine($"first batch:  {firstDelays.Count}/{channels} channels posted; after the minute: p50 {Percentile(firstDelays, 0.5):F1} s, p99 {Percentile(firstDelays, 0.99):F1} s, last {firstDelays.LastOrDefault():F1} s");
        Console.WriteLine($"second batch: {secondDelays.Count}/{secondBatch} channels posted; after their minute: p50 {Percentile(secondDelays, 0.5):F1} s, last {secondDelays.LastOrDefault():F1} s");
        Console.WriteLine($"429s answered: {platform.Limited} (per channel {platform.LimitedChannel}, global {platform.LimitedGlobal}); duplicate posts: {platform.Duplicates}; peak posts in one second: {platform.PeakPerSecond}");
        Console.WriteLine($"service CPU time ({(postgres is null ? "SQLite" : "PostgreSQL")}, {replicas} process{(replicas == 1 ? "" : "es")}): {cpu.TotalSeconds:F1} s ({cpu.TotalMilliseconds / Math.Max(1, platform.Delivered.Count):F2} ms per post)");
        var ok = firstDelays.Count == channels && secondDelays.Count == secondBatch && platform.Duplicates == 0 && firstDelays.Last() <= 90;
        Console.WriteLine(ok ? "PASS: every channel posted once, within 90 s of its minute" : "FAIL");
        await platform.DisposeAsync();
        return ok ? 0 : 1;
    }

    /// <summary>A new, empty database on the server (named for this run), so that runs never see each other's rows.</summary>
    private static async Task<string> FreshPostgresDatabaseAsync(string connectionString)
    {
        var name = "starbot_bench_" + Guid.NewGuid().ToString("n")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];


    /// <summary>A platform with Slack-like limits: one post per second per channel, a global rate, 429 + Retry-After beyond them.</summary>
    private sealed class LimitedPlatform : IAsyncDisposable
    {
        private WebApplication _app = null!;
        private readonly ConcurrentDictionary<string, long> _channelLast = new();
        private readonly Lock _window = new();
        private long _second;
        private int _inSecond;
        private int _ids;


        public ConcurrentDictionary<string, DateTimeOffset> Delivered { get; } = new();

        public int Limited => LimitedChannel + LimitedGlobal;

        public int LimitedChannel;
        public int LimitedGlobal;
        public int Duplicates;
        public int PeakPerSecond;

        public string Url => LoopbackServer.Address(_app) + "/post";

        public static async Task<LimitedPlatform> StartAsync()
        {
            var platform = new LimitedPlatform();
            platform._app = await LoopbackServer.StartAsync(app => app.MapPost("/post", async (HttpContext http) =>
            {
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
                var channel = body.GetProperty("conversationId").GetString()!;
                var nowMs = Environment.TickCount64;
                if (platform._channelLast.TryGetValue(channel, out var last) && nowMs - last < 1000)
                {
                    Interlocked.Increment(ref platform.LimitedChannel);
                    http.Response.Headers.RetryAfter = "1";
                    return Results.StatusCode(429);
                }

                lock (platform._window)
                {
                    var second = nowMs / 1000;
                    if (second != platform._second)
                    {
                        platform._second = second;
                        platform._inSecond = 0;
                    }

                    if (platform._inSecond >= 400)
                    {
                        Interlocked.Increment(ref platform.LimitedGlobal);
                        http.Response.Headers.RetryAfter = "1";
                        return Results.StatusCode(429);
                    }

                    platform._inSecond++;
                    platform.PeakPerSecond = Math.Max(platform.PeakPerSecond, platform._inSecond);
                }

                platform._channelLast[channel] = nowMs;
                if (!platform.Delivered.TryAdd(channel, DateTimeOffset.UtcNow))
                {
                    Interlocked.Increment(ref platform.Duplicates);
                }

                return Results.Json(new { id = $"P{Interlocked.Increment(ref platform._ids)}" });
            }));
            return platform;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
