using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

/// <summary>
/// A loopback Bot Connector (real Kestrel): takes <c>/v3/conversations</c> calls the way the Teams service does,
/// answering with the shapes in tests/data/teams/connector-responses.json, records each call with its path
/// unescaped (the SDK escapes conversation ids), checks the shape of each activity sent, and can answer 429.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private static readonly JsonNode Responses = JsonNode.Parse(File.ReadAllText(RepoPaths.TestData("teams", "connector-responses.json")))!;
    private readonly WebApplication _app;
    private long _nextId = 1764320600000;

    private FakeBotConnector(WebApplication app) => _app = app;

    /// <summary>Every call: the unescaped path, the JSON body and the Authorization header.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Problems with what StarBot sent: no card, wrong content type, a reply whose replyToId does not match its path.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>How many of the next calls to answer with 429 and Retry-After: 1.</summary>
    public int Throttle;

    public string ServiceUrl => LoopbackServer.Address(_app) + "/";

    /// <summary>Calls answered with success (not throttled): messages sent, replies, conversations created.</summary>
    public IEnumerable<Call> Delivered => Calls.Where(c => c.Status < 300);

    public sealed record Call(string Path, JsonNode? Body, string Authorization, int Status, string? ReplyTo = null)
    {
        /// <summary>When the call arrived.</summary>
        public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

        /// <summary>The Adaptive Card the activity carries, as JSON text.</summary>
        public string Card => Body?["attachments"]?[0]?["content"]?.ToJsonString() ?? Body?["activity"]?["attachments"]?[0]?["content"]?.ToJsonString() ?? "";
    }

    public static async Task<FakeBotConnector> StartAsync()
    {
        FakeBotConnector? fake = null;
        var app = await LoopbackServer.StartAsync(app => app.MapPost("/v3/conversations/{**rest}", (HttpContext http, string? rest) => fake!.HandleAsync(http)));
        fake = new FakeBotConnector(app);
        return fake;
    }

    /// <summary>The calls delivered once there are at least <paramref name="count"/>; throws when they do not come in time.</summary>
    public async Task<List<Call>> WaitForDeliveredAsync(int count, int timeoutMs = 15000)
    {
        for (var waited = 0; Delivered.Count() < count; waited += 50)
        {
            if (waited >= timeoutMs)
            {
                throw new TimeoutException($"the connector got {Delivered.Count()} deliveries, expected {count}");
            }

            await Task.Delay(50);
        }

        return [.. Delivered];
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var path = Uri.UnescapeDataString(http.Request.Path.Value!);
        var body = await JsonNode.ParseAsync(http.Request.Body);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (Interlocked.Decrement(ref Throttle) >= 0)
        {
            Calls.Enqueue(new Call(path, body, authorization, 429));
            var throttled = Responses["throttled"]!;
            http.Response.Headers.RetryAfter = throttled["headers"]!["Retry-After"]!.GetValue<string>();
            return Results.Json(throttled["body"], statusCode: 429);
        }

        Interlocked.Exchange(ref Throttle, 0);
        var segments = path.TrimEnd('/').Split('/');
        if (path.TrimEnd('/') == "/v3/conversations")
        {
            // Create conversation: a new channel post (isGroup) or a one-to-one chat.
            var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var isGroup = body?["isGroup"]?.GetValue<bool>() == true;
            if (isGroup)
            {
                Check(body?["activity"], path, null);
                if (body?["channelData"]?["channel"]?["id"]?.GetValue<string>() is not { Length: > 0 })
                {
                    Violations.Enqueue("create conversation (isGroup) without channelData.channel.id");
                }
            }
            else if (body?["members"] is not JsonArray { Count: 1 })
            {
                Violations.Enqueue("create one-to-one conversation without exactly one member");
            }

            Calls.Enqueue(new Call(path, body, authorization, 201));
            var conversation = isGroup ? $"{body!["channelData"]!["channel"]!["id"]!.GetValue<string>()};messageid={id}" : $"a:1Private{body?["members"]?[0]?["id"]}";
            return Results.Json(new { id = conversation, activityId = isGroup ? id : null, serviceUrl = ServiceUrl }, statusCode: 201);
        }

        // /v3/conversations/{conversation}/activities[/{replyTo}]
        var activitiesAt = Array.LastIndexOf(segments, "activities");
        string? replyTo = activitiesAt == segments.Length - 2 ? segments[^1] : null;
        Check(body, path, replyTo);
        var sent = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Calls.Enqueue(new Call(path, body, authorization, 200, replyTo));
        return Results.Json(new { id = sent });
    }

    private void Check(JsonNode? activity, string path, string? replyTo)
    {
        if (activity?["type"]?.GetValue<string>() != "message")
        {
            Violations.Enqueue($"{path}: activity type is not message");
        }

        if (activity?["attachments"]?[0]?["contentType"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive" || activity["attachments"]![0]!["content"] is not JsonObject)
        {
            Violations.Enqueue($"{path}: no Adaptive Card attachment");
        }

        if (replyTo is not null && activity?["replyToId"]?.GetValue<string>() != replyTo)
        {
            Violations.Enqueue($"{path}: replyToId {activity?["replyToId"]} does not match the path");
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
