using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StarBot.Slack;

using StarBot.Testing;

namespace StarBot.Bench;

/// <summary>
/// slack-load [RATE [SECONDS [both|events|commands[-help]]]]: signed Slack requests (by default half
/// <c>&lt;@bot&gt; example leadership</c> <c>app_mention</c> events, half <c>/star example leadership</c> slash
/// commands, over 1,000 channels; with <c>-help</c> the earlier load, <c>help</c> over 50 channels) sent on loopback
/// to StarBot's service (every event stored durably, then handled and answered through a loopback Web API), to
/// StarBot with handling held back (verify, store, ack), to verify-and-ack on bare ASP.NET Core
/// (<see cref="SlackFloor"/>) and to a reference app on Bolt for JavaScript (verifies, answers each mention with one
/// <c>chat.postMessage</c> to the same loopback Web API, answers the command in the ack), one after the other in one run. Reports peak
/// throughput (closed loop), ack latency at a fixed rate (open loop), errors, and the server process's CPU time per
/// request, which says more than throughput when the load generator shares the two cores.
/// </summary>
public static class SlackLoad
{
    private const string Secret = SlackFloor.Secret;
    private const string Token = "xoxb-bench";

    public static async Task<int> RunAsync(string root, int rate, int seconds, string mix = "both", string? baseline = null)
    {
        var bolt = Path.Combine(root, "bench", "slack-bolt");
        if (!Directory.Exists(Path.Combine(bolt, "node_modules", "@slack", "bolt")))
        {
            Console.Error.WriteLine("Install the reference app first: npm install --no-package-lock --prefix bench/slack-bolt");
            return 2;
        }

        var api = await StartFakeApiAsync();
        var folder = Path.Combine(Path.GetTempPath(), "starbot-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);

        ProcessStartInfo StarBot(int port, bool handle, string? dll = null)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            info.ArgumentList.Add(dll ?? Path.Combine(AppContext.BaseDirectory, "StarBot.dll"));
            info.ArgumentList.Add("serve");
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
            info.Environment["Storage__Path"] = Path.Combine(folder, $"starbot-{port}.db");
            info.Environment["Slack__SigningSecret"] = Secret;
            info.Environment["Slack__BotToken"] = Token;
            info.Environment["Slack__ApiBaseUrl"] = api.Url;
            info.Environment["Outbox__ChannelInterval"] = "00:00:00";
            info.Environment["Outbox__MessagesPerSecond"] = "5000";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            if (!handle)
            {
                // The fault switch holds the inbox worker back: events are verified, stored and acked, never handled.
                // That is the work Bolt's app does plus the durable insert, measured apart from answering.
                info.Environment["Testing__CrashAfterAck"] = "true";
            }

            return info;
        }

        var starPort = LoopbackServer.FreePort();
        var ackPort = LoopbackServer.FreePort();

        var boltPort = LoopbackServer.FreePort();
        var boltInfo = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = bolt };
        boltInfo.ArgumentList.Add("app.js");
        boltInfo.Environment["SLACK_SIGNING_SECRET"] = Secret;
        boltInfo.Environment["SLACK_BOT_TOKEN"] = Token;
        boltInfo.Environment["PORT"] = boltPort.ToString(CultureInfo.InvariantCulture);
        // Bolt answers each mention through the same loopback Web API as StarBot's replies.
        boltInfo.Environment["SLACK_API_URL"] = api.Url;

        // The same verify-and-ack work as Bolt's app on ASP.NET Core, with the service's runtime settings: StarBot's floor.
        var floorPort = LoopbackServer.FreePort();
        var floorInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        floorInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StarBot.Bench.dll"));
        floorInfo.ArgumentList.Add("slack-floor");
        floorInfo.ArgumentList.Add(floorPort.ToString(CultureInfo.InvariantCulture));
        floorInfo.Environment["DOTNET_gcServer"] = "1";
        floorInfo.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";

        var servers = new List<(string Name, ProcessStartInfo Info, string Events, string Commands, string? Ready)>
        {
            ("StarBot", StarBot(starPort, handle: true), $"http://127.0.0.1:{starPort}/slack/events", $"http://127.0.0.1:{starPort}/slack/commands", $"http://127.0.0.1:{starPort}/readyz"),
            ("ack only", StarBot(ackPort, handle: false), $"http://127.0.0.1:{ackPort}/slack/events", $"http://127.0.0.1:{ackPort}/slack/commands", $"http://127.0.0.1:{ackPort}/readyz"),
            ("Floor", floorInfo, $"http://127.0.0.1:{floorPort}/slack/events", $"http://127.0.0.1:{floorPort}/slack/commands", (string?)null),
            ("Bolt", boltInfo, $"http://127.0.0.1:{boltPort}/slack/events", $"http://127.0.0.1:{boltPort}/slack/events", (string?)null),
        };
        if (baseline is not null)
        {
            // Another build of the service (e.g. main before a change), measured beside this one in the same run.
            var basePort = LoopbackServer.FreePort();
            servers.Insert(1, ("baseline", StarBot(basePort, handle: true, Path.GetFullPath(baseline)), $"http://127.0.0.1:{basePort}/slack/events", $"http://127.0.0.1:{basePort}/slack/commands", $"http://127.0.0.1:{basePort}/readyz"));
        }

        var results = new List<Result>();
        foreach (var (name, info, events, commands, ready) in servers)
        {
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && !line.Contains("warn", StringComparison.OrdinalIgnoreCase)) Console.WriteLine($"  {name}: {line}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await LoopbackServer.WaitReadyAsync(ready ?? events);
            var calls0 = Volatile.Read(ref api.Calls);
            var load = new Load(events, commands, mix);
            // Warm-up as long as a phase: the services run for days, so the JIT settling in is not what is measured.
            await load.ClosedAsync(16, TimeSpan.FromSeconds(seconds));
            await DrainAsync(process);
            var cpu0 = Cpu(process);
            var peak = await load.ClosedAsync(16, TimeSpan.FromSeconds(seconds));
            // Work a request caused after its ack (StarBot handles and answers events afterwards) counts for it.
            await DrainAsync(process);
            var cpu1 = Cpu(process);
            var paced = await load.OpenAsync(rate, TimeSpan.FromSeconds(seconds));
            await DrainAsync(process);
            var cpu2 = Cpu(process);
            results.Add(new Result(name, peak, paced, (cpu1 - cpu0).TotalMilliseconds / Math.Max(1, peak.Ok), (cpu2 - cpu1).TotalMilliseconds / Math.Max(1, paced.Ok), Volatile.Read(ref api.Calls) - calls0, load.Events));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var kind = mix.Replace("-help", "", StringComparison.Ordinal);
        Console.WriteLine($"load: {(kind == "both" ? "half app_mention events, half /star commands" : "only " + kind)} ({(mix.EndsWith("-help", StringComparison.Ordinal) ? "'help' over 50 channels" : "'example leadership' over 1,000 channels")}); peak = 16 connections for {seconds} s; paced = {rate} requests/s for {seconds} s");
        Console.WriteLine("server   | peak req/s | peak CPU ms/req | paced ok | errors | p50 ms | p99 ms | paced CPU ms/req | replies posted / events sent");
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Name,-8} | {r.Peak.Ok / r.Peak.Elapsed.TotalSeconds,10:F0} | {r.PeakCpuPerRequest,15:F3} | {r.Paced.Ok,8} | {r.Peak.Errors + r.Paced.Errors,6} | {r.Paced.Percentile(0.5),6:F2} | {r.Paced.Percentile(0.99),6:F2} | {r.PacedCpuPerRequest,16:F3} | {r.ApiCalls} / {r.Events}");
        }

        foreach (var r in results.Where(r => r.Peak.Errors + r.Paced.Errors > 0))
        {
            Console.WriteLine($"{r.Name} errors: {string.Join(", ", r.Peak.Reasons.Concat(r.Paced.Reasons).GroupBy(x => x.Key).Select(g => $"{g.Key} x{g.Sum(x => x.Value)}"))}");
        }

        var reference = results[^1];
        foreach (var r in results.SkipLast(1))
        {
            Console.WriteLine($"ratios {r.Name}/Bolt: peak throughput {r.Peak.Ok / r.Peak.Elapsed.TotalSeconds / (reference.Peak.Ok / reference.Peak.Elapsed.TotalSeconds):F2}, CPU per request at peak {r.PeakCpuPerRequest / reference.PeakCpuPerRequest:F2}, paced {r.PacedCpuPerRequest / reference.PacedCpuPerRequest:F2}");
        }

        Console.WriteLine($"fake Web API: {api.Calls} replies posted, {api.Served} calls in all (all servers, warm-up included)");
        await api.App.DisposeAsync();
        return 0;
    }

    /// <summary>Waits until the server is idle again (under 3% of a core for half a second), at most a minute.</summary>
    internal static async Task DrainAsync(Process process)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        var last = Cpu(process);
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(500);
            var now = Cpu(process);
            if ((now - last).TotalMilliseconds < 15)
            {
                return;
            }

            last = now;
        }
    }

    internal static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private sealed record Result(string Name, Run Peak, Run Paced, double PeakCpuPerRequest, double PacedCpuPerRequest, int ApiCalls, long Events);

    private sealed class Run
    {
        public List<double> Latencies { get; } = [];

        public int Ok { get; set; }

        public int Errors { get; set; }

        public Dictionary<string, int> Reasons { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public double Percentile(double p)
        {
            var sorted = Latencies.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        }
    }

    /// <summary>Builds and sends signed requests; each request is unique (event id, ts, trigger id).</summary>
    private sealed class Load(string eventsUrl, string commandsUrl, string mix)
    {
        private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(10) };
        private readonly string _kind = mix.Replace("-help", "", StringComparison.Ordinal);

        // The default load asks for an example answer over 1,000 channels; "-help" keeps the earlier one (help, 50 channels).
        private readonly bool _help = mix.EndsWith("-help", StringComparison.Ordinal);
        private long _n;

        /// <summary>Events sent so far (warm-up included), each of which should bring one Web API call from StarBot and Bolt.</summary>
        public long Events;

        public async Task<Run> ClosedAsync(int connections, TimeSpan duration)
        {
            var run = new Run();
            var watch = Stopwatch.StartNew();
            var end = DateTime.UtcNow + duration;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
            {
                while (DateTime.UtcNow < end)
                {
                    await SendAsync(run);
                }
            }));
            run.Elapsed = watch.Elapsed;
            return run;
        }

        public async Task<Run> OpenAsync(int rate, TimeSpan duration)
        {
            var run = new Run();
            var watch = Stopwatch.StartNew();
            var total = (int)(rate * duration.TotalSeconds);
            var sends = new List<Task>(total);
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds(i / (double)rate);
                var wait = due - watch.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                sends.Add(SendAsync(run));
            }

            await Task.WhenAll(sends);
            run.Elapsed = watch.Elapsed;
            return run;
        }

        private async Task SendAsync(Run run)
        {
            var n = Interlocked.Increment(ref _n);
            var command = _kind switch { "events" => false, "commands" => true, _ => n % 2 == 0 };
            if (!command)
            {
                Interlocked.Increment(ref Events);
            }

            var channel = $"C0BENCH{n % (_help ? 50 : 1000)}";
            var body = command
                ? $"team_id=T0BENCH&channel_id={channel}&user_id=U0BENCH{n % 97}&command=%2Fstar&text={(_help ? "help" : "example+leadership")}&trigger_id=bench.{n}&response_url=https%3A%2F%2Fexample.invalid%2F{n}"
                : $$$"""{"type":"event_callback","team_id":"T0BENCH","event_id":"EvBENCH{{{n}}}","event_time":1764320460,"event":{"type":"app_mention","user":"U0BENCH{{{n % 97}}}","text":"<@U0BENCHBOT> {{{(_help ? "help" : "example leadership")}}}","ts":"1764320455.{{{n:D6}}}","channel":"{{{channel}}}","event_ts":"1764320455.{{{n:D6}}}"}}""";
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, command ? commandsUrl : eventsUrl)
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
            };
            // As Slack sends it: no charset parameter (Bolt parses form bodies only for the bare media type).
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(command ? "application/x-www-form-urlencoded" : "application/json");
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await Http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                lock (run)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        run.Ok++;
                        run.Latencies.Add(watch.Elapsed.TotalMilliseconds);
                    }
                    else
                    {
                        run.Errors++;
                        run.Reasons[$"HTTP {(int)response.StatusCode} ({(command ? "command" : "event")})"] = run.Reasons.GetValueOrDefault($"HTTP {(int)response.StatusCode} ({(command ? "command" : "event")})") + 1;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lock (run)
                {
                    run.Errors++;
                    run.Reasons[e.GetType().Name] = run.Reasons.GetValueOrDefault(e.GetType().Name) + 1;
                }
            }
        }
    }

    private sealed class FakeApi
    {
        public WebApplication App { get; set; } = null!;

        public string Url { get; set; } = "";

        /// <summary>Replies posted (<c>chat.*</c> calls).</summary>
        public int Calls;

        public int Served;
    }

    private static async Task<FakeApi> StartFakeApiAsync()
    {
        var api = new FakeApi();
        var app = await LoopbackServer.StartAsync(app => app.MapPost("/api/{method}", (string method) =>
        {
            var n = Interlocked.Increment(ref api.Served);
            if (method.StartsWith("chat.", StringComparison.Ordinal))
            {
                // Replies only: StarBot's auth.test at start (which may land after its readiness) is not one.
                Interlocked.Increment(ref api.Calls);
            }

            return Results.Json(new { ok = true, user_id = "U0BENCHBOT", team_id = "T0BENCH", ts = $"1764329999.{n:D6}", channel = "C0BENCH", message_ts = $"1764329999.{n:D6}" });
        }));
        (api.App, api.Url) = (app, LoopbackServer.Address(app) + "/api/");
        return api;
    }


}
