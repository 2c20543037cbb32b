using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StarBot.Testing;

namespace StarBot.Bench;

/// <summary>
/// socket-load [RATE [SECONDS [both|events|commands]]]: Slack Socket Mode envelopes (by default half
/// <c>app_mention</c> events, half <c>/star help</c> commands, each answered in its ack) sent down one WebSocket from
/// a loopback Slack to StarBot's service, and to the service with handling held back (store and ack only). Reports
/// peak throughput (64 envelopes unacked at most), ack latency at a fixed rate, acks missing or later than Slack's
/// 3 seconds, and the service's CPU time per envelope (work done after the ack counts for its envelope).
/// </summary>
public static class SocketLoad
{
    private const string AppToken = "xapp-1-A0BENCH-1-bench";
    private const string BotToken = "xoxb-bench";

    public static async Task<int> RunAsync(string root, int rate, int seconds, string mix = "both")
    {
        var slack = new FakeSocketSlack();
        var app = await LoopbackServer.StartAsync(a =>
        {
            a.UseWebSockets();
            a.MapPost("/api/apps.connections.open", (HttpContext http) => Results.Json(new { ok = true, url = $"ws://{http.Request.Host}/socket" }));
            a.Map("/socket", slack.AcceptAsync);
            a.MapPost("/api/{method}", (string method) =>
            {
                var n = Interlocked.Increment(ref slack.ApiCalls);
                return Results.Json(new { ok = true, user_id = "U0BENCHBOT", team_id = "T0BENCH", ts = $"1764329999.{n:D6}", channel = "C0BENCH", message_ts = $"1764329999.{n:D6}" });
            });
        });
        var folder = Path.Combine(Path.GetTempPath(), "starbot-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"load: {(mix == "both" ? "half app_mention events, half /star help commands" : "only " + mix)}; peak = 64 envelopes unacked at most for {seconds} s; paced = {rate} envelopes/s for {seconds} s");
        Console.WriteLine("server   | peak env/s | peak CPU ms/env | paced acked | missing | over 3 s | p50 ms | p99 ms | max ms | paced CPU ms/env");
        foreach (var (name, handle) in new[] { ("StarBot", true), ("ack only", false) })
        {
            var port = LoopbackServer.FreePort();
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StarBot.dll"));
            info.ArgumentList.Add("serve");
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
            info.Environment["Storage__Path"] = Path.Combine(folder, $"starbot-{port}.db");
            info.Environment["Slack__AppToken"] = AppToken;
            info.Environment["Slack__BotToken"] = BotToken;
            info.Environment["Slack__ApiBaseUrl"] = LoopbackServer.Address(app) + "/api/";
            info.Environment["Outbox__ChannelInterval"] = "00:00:00";
            info.Environment["Outbox__MessagesPerSecond"] = "5000";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            // The fault switch holds the inbox worker back: envelopes are stored and acked, never handled.
            info.Environment["Testing__CrashAfterAck"] = handle ? "false" : "true";
            var connected = slack.NextConnection();
            using var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && !line.Contains("warn", StringComparison.OrdinalIgnoreCase)) Console.WriteLine($"  {name}: {line}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var (socket, done) = await connected.WaitAsync(TimeSpan.FromMinutes(1));
            var load = new Load(socket, done, mix);
            // Warm-up as long as a phase: the JIT settling in is not what is measured.
            await load.ClosedAsync(64, TimeSpan.FromSeconds(seconds));
            await SlackLoad.DrainAsync(process);
            var cpu0 = SlackLoad.Cpu(process);
            var peak = await load.ClosedAsync(64, TimeSpan.FromSeconds(seconds));
            await SlackLoad.DrainAsync(process);
            var cpu1 = SlackLoad.Cpu(process);
            var paced = await load.OpenAsync(rate, TimeSpan.FromSeconds(seconds));
            await SlackLoad.DrainAsync(process);
            var cpu2 = SlackLoad.Cpu(process);
            Console.WriteLine($"{name,-8} | {peak.Acked / peak.Elapsed.TotalSeconds,10:F0} | {(cpu1 - cpu0).TotalMilliseconds / Math.Max(1, peak.Acked),15:F3} | {paced.Acked,11} | {paced.Missing,7} | {paced.Latencies.Count(l => l > 3000),8} | {paced.Percentile(0.5),6:F2} | {paced.Percentile(0.99),6:F2} | {paced.Percentile(1),6:F1} | {(cpu2 - cpu1).TotalMilliseconds / Math.Max(1, paced.Acked),16:F3}");
            if (load.BadAcks > 0)
            {
                Console.WriteLine($"  {name}: {load.BadAcks} command acks without their answer");
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Console.WriteLine($"fake Web API calls received: {slack.ApiCalls}");
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>Slack's end: hands each new connection to the run waiting for it, after its hello, and holds it open until the run's reader is done.</summary>
    private sealed class FakeSocketSlack
    {
        private TaskCompletionSource<(WebSocket Socket, TaskCompletionSource Done)> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int ApiCalls;

        public Task<(WebSocket Socket, TaskCompletionSource Done)> NextConnection()
        {
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        public async Task AcceptAsync(HttpContext http)
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await socket.SendAsync("""{"type":"hello","num_connections":1}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _next.TrySetResult((socket, done));
            await done.Task;
        }
    }

    private sealed class Run
    {
        public List<double> Latencies { get; } = [];

        public int Acked => Latencies.Count;

        public int Missing { get; set; }

        public TimeSpan Elapsed { get; set; }

        public double Percentile(double p)
        {
            var sorted = Latencies.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        }
    }

    /// <summary>Sends unique envelopes (event ts, trigger id) down the socket and times each ack.</summary>
    private sealed class Load
    {
        private readonly WebSocket _socket;
        private readonly TaskCompletionSource _done;
        private readonly string _mix;
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly ConcurrentDictionary<string, (long Sent, bool Command, Run Run, SemaphoreSlim? Window)> _pending = new();
        private long _n;
        private int _badAcks;

        public Load(WebSocket socket, TaskCompletionSource done, string mix)
        {
            (_socket, _done, _mix) = (socket, done, mix);
            _ = Task.Run(ReadAcksAsync);
        }

        public int BadAcks => _badAcks;

        public async Task<Run> ClosedAsync(int window, TimeSpan duration)
        {
            var run = new Run();
            var slots = new SemaphoreSlim(window, window);
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                await slots.WaitAsync();
                await SendAsync(run, slots);
            }

            await FinishAsync(run);
            run.Elapsed = watch.Elapsed;
            return run;
        }

        public async Task<Run> OpenAsync(int rate, TimeSpan duration)
        {
            var run = new Run();
            var watch = Stopwatch.StartNew();
            var total = (int)(rate * duration.TotalSeconds);
            for (var i = 0; i < total; i++)
            {
                var wait = TimeSpan.FromSeconds(i / (double)rate) - watch.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                await SendAsync(run, null);
            }

            await FinishAsync(run);
            run.Elapsed = watch.Elapsed;
            return run;
        }

        /// <summary>Gives the last acks 10 s, then counts what never came.</summary>
        private async Task FinishAsync(Run run)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (_pending.Values.Any(p => p.Run == run) && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }

            foreach (var (id, pending) in _pending.Where(p => p.Value.Run == run).ToList())
            {
                _pending.TryRemove(id, out _);
                run.Missing++;
            }
        }

        private async Task SendAsync(Run run, SemaphoreSlim? window)
        {
            var n = Interlocked.Increment(ref _n);
            var command = _mix switch { "events" => false, "commands" => true, _ => n % 2 == 0 };
            var id = $"env-{n}";
            var payload = command
                ? $$$"""{"team_id":"T0BENCH","channel_id":"C0BENCH{{{n % 50}}}","user_id":"U0BENCH{{{n % 97}}}","command":"/star","text":"help","trigger_id":"bench.{{{n}}}"}"""
                : $$$"""{"type":"event_callback","team_id":"T0BENCH","event_id":"EvBENCH{{{n}}}","event_time":1764320460,"event":{"type":"app_mention","user":"U0BENCH{{{n % 97}}}","text":"<@U0BENCHBOT> help","ts":"1764320455.{{{n:D6}}}","channel":"C0BENCH{{{n % 50}}}","event_ts":"1764320455.{{{n:D6}}}"}}""";
            var envelope = $$"""{"envelope_id":"{{id}}","type":"{{(command ? "slash_commands" : "events_api")}}","payload":{{payload}},"accepts_response_payload":{{(command ? "true" : "false")}},"retry_attempt":0,"retry_reason":""}""";
            _pending[id] = (Stopwatch.GetTimestamp(), command, run, window);
            await _sending.WaitAsync();
            try
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(envelope), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _sending.Release();
            }
        }

        private async Task ReadAcksAsync()
        {
            try
            {
                await ReadAcksUntilClosedAsync();
            }
            catch (WebSocketException)
            {
                // The service was stopped: this run is over.
            }
            finally
            {
                _done.TrySetResult();
            }
        }

        private async Task ReadAcksUntilClosedAsync()
        {
            var buffer = new byte[256 * 1024];
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                using var ack = JsonDocument.Parse(buffer.AsMemory(0, length));
                if (ack.RootElement.TryGetProperty("envelope_id", out var id) && _pending.TryRemove(id.GetString()!, out var pending))
                {
                    var elapsed = Stopwatch.GetElapsedTime(pending.Sent).TotalMilliseconds;
                    lock (pending.Run)
                    {
                        pending.Run.Latencies.Add(elapsed);
                    }

                    if (pending.Command && !ack.RootElement.TryGetProperty("payload", out _))
                    {
                        Interlocked.Increment(ref _badAcks);
                    }

                    pending.Window?.Release();
                }
            }
        }
    }
}
