using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>
/// A loopback Slack Web API (real Kestrel): checks the bearer token and each call's shape against
/// tests/data/slack/web-api.json (required arguments; answers with the ok-response keys), records the calls,
/// and can answer 429 with Retry-After or an ok:false error.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";
    private static readonly JsonElement Spec = Fixtures.Json("web-api.json");
    private readonly WebApplication _app;
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private TaskCompletionSource _requestCounted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _ts = 1764320400_000100;

    private FakeSlack(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Method, JsonElement Body)> Calls { get; } = new();

    /// <summary>Every request to a Web API method, refused ones too: the method, when it came, and the HTTP status of the answer.</summary>
    public ConcurrentQueue<(string Method, DateTimeOffset At, int Status)> Requests { get; } = new();

    /// <summary>Socket Mode: <c>apps.connections.open</c> and the connections it hands out.</summary>
    public FakeSocketMode SocketMode { get; } = new();

    /// <summary>The ts each post was given, in order.</summary>
    public ConcurrentQueue<string> PostedTs { get; } = new();

    /// <summary>Problems with calls: wrong token, unknown method, missing required arguments.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Answers to give instead of ok, in order: an HTTP status (429) or an error code.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>Methods that get no answer at all (the request is held until the caller gives up): an outage.</summary>
    public ConcurrentDictionary<string, bool> Hanging { get; } = new(StringComparer.Ordinal);

    /// <summary>What <c>users.info</c> answers as each person's <c>tz</c>; a person not here gets none.</summary>
    public ConcurrentDictionary<string, string> UserTimeZones { get; } = new(StringComparer.Ordinal);

    public string BaseUrl => LoopbackServer.Address(_app) + "/api/";

    public IEnumerable<JsonElement> Posts => Calls.Where(c => c.Method is "chat.postMessage" or "chat.postEphemeral").Select(c => c.Body);

    public static async Task<FakeSlack> StartAsync()
    {
        FakeSlack? fake = null;
        var app = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            // Socket Mode: its one Web API method takes the app-level token, not the bot token.
            app.MapPost("/api/apps.connections.open", (HttpContext http) =>
            {
                fake!.CountRequest("apps.connections.open");
                return fake.SocketMode.Open(http);
            });
            app.Map("/socket-mode/link", (HttpContext http) => fake!.SocketMode.AcceptAsync(http));
            app.MapPost("/api/{method}", async (string method, HttpContext http) =>
            {
                var slack = fake!;
                if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token)
                {
                    slack.Violations.Enqueue($"{method}: bad Authorization header");
                    return Results.Json(new { ok = false, error = "invalid_auth" });
                }

                if (!Spec.GetProperty("methods").TryGetProperty(method, out var spec))
                {
                    slack.Violations.Enqueue($"{method}: not a method StarBot should call");
                    return Results.Json(new { ok = false, error = "unknown_method" });
                }

                slack.CountRequest(method);
                if (slack.Hanging.ContainsKey(method))
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.Empty;
                }

                JsonElement body;
                if (http.Request.HasFormContentType)
                {
                    var form = await http.Request.ReadFormAsync();
                    body = JsonSerializer.SerializeToElement(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
                }
                else
                {
                    if (spec.TryGetProperty("json_body", out var json) && json.ValueKind == JsonValueKind.False)
                    {
                        slack.Violations.Enqueue($"{method}: sent as JSON, which this method does not accept");
                    }

                    body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
                }

                foreach (var required in spec.GetProperty("required_args").EnumerateArray().Select(a => a.GetString()!))
                {
                    var alternatives = required.StartsWith("one of ", StringComparison.Ordinal)
                        ? required["one of ".Length..].Split(", ")
                        : [required.Split(' ')[0]];
                    if (!alternatives.Any(a => body.TryGetProperty(a, out var v) && v.ValueKind != JsonValueKind.Null))
                    {
                        slack.Violations.Enqueue($"{method}: missing required argument {required}");
                    }
                }

                var failed = slack.Failures.TryDequeue(out var failure);
                slack.Requests.Enqueue((method, DateTimeOffset.UtcNow, failure == "429" ? 429 : 200));
                if (failed)
                {
                    if (failure == "429")
                    {
                        http.Response.Headers.RetryAfter = "1";
                        return Results.StatusCode(429);
                    }

                    return Results.Json(new { ok = false, error = failure });
                }


                var n = Interlocked.Increment(ref slack._ts);
                var ts = $"{n / 1_000_000}.{n % 1_000_000:D6}";
                if (method is "chat.postMessage" or "chat.postEphemeral")
                {
                    slack.PostedTs.Enqueue(ts);
                }

                slack.Calls.Enqueue((method, body));
                var answer = new Dictionary<string, object?> { ["ok"] = true };
                foreach (var key in spec.GetProperty("ok_response_required_keys").EnumerateArray().Select(k => k.GetString()!))
                {
                    answer[key] = key switch
                    {
                        "ok" => true,
                        "ts" or "message_ts" => ts,
                        "channel" when method == "conversations.open" => new { id = "D0SAMDM002" },
                        "user" when method == "users.info" => new { id = body.GetProperty("user").GetString(), tz = slack.UserTimeZones.GetValueOrDefault(body.GetProperty("user").GetString()!) },
                        "channel" => body.TryGetProperty("channel", out var c) ? c.GetString() : "D0ALEXDM01",
                        "user_id" => Fixtures.BotUserId,
                        "team_id" => "T0STARTEAM",
                        "message" => new { text = "", ts },
                        _ => key,
                    };
                }

                return Results.Json(answer);
            });
        });
        fake = new FakeSlack(app);
        return fake;
    }

    /// <summary>Waits until <paramref name="method"/> was requested <paramref name="count"/> times (answered or not).</summary>
    public async Task WaitForRequestsAsync(string method, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_requests)
            {
                if (_requests.GetValueOrDefault(method) >= count)
                {
                    return;
                }

                changed = _requestCounted.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Slack got {_requests.GetValueOrDefault(method)} {method} requests, expected {count}");
            }
        }
    }

    private void CountRequest(string method)
    {
        TaskCompletionSource previous;
        lock (_requests)
        {
            _requests[method] = _requests.GetValueOrDefault(method) + 1;
            previous = _requestCounted;
            _requestCounted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    public async Task<List<JsonElement>> WaitForPostsAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Posts.Count() < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Slack got {Posts.Count()} posts, expected {count}");
            }

            await Task.Delay(50);
        }

        return [.. Posts];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
