using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StarBot.Slack;

/// <summary>What a Web API call came to.</summary>
public sealed record SlackResult(bool Ok, string? Error, TimeSpan? RetryAfter, JsonElement Body)
{
    public bool RateLimited => RetryAfter is not null;

    /// <summary>Worth trying again later: rate limits and Slack-side failures.</summary>
    public bool Transient => RateLimited || Error is "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" or "ratelimited" or "http_5xx";
}

/// <summary>
/// The Slack Web API over HttpClient: POST JSON with the bot token; every answer is HTTP 200 with
/// <c>{"ok":false,"error":…}</c> on failure, except rate limits (HTTP 429 with <c>Retry-After</c> seconds).
/// </summary>
public sealed partial class SlackApi(HttpClient http, IOptions<SlackOptions> options, ILogger<SlackApi> logger)
{
    /// <param name="token">Another token than the bot token: Socket Mode's <c>apps.connections.open</c> takes the app-level token.</param>
    public Task<SlackResult> CallAsync(string method, JsonObject arguments, CancellationToken cancellationToken, string? token = null) =>
        SendAsync(method, JsonContent.Create(arguments, options: JsonSerializerOptions.Web), cancellationToken, token);

    /// <summary>A call with form-encoded arguments: for the methods that take no JSON body (<c>users.info</c>).</summary>
    public Task<SlackResult> CallFormAsync(string method, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken) =>
        SendAsync(method, new FormUrlEncodedContent(arguments), cancellationToken, null);

    private async Task<SlackResult> SendAsync(string method, HttpContent content, CancellationToken cancellationToken, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/"), method))
        {
            Content = content,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? options.Value.BotToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var after = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            LogRateLimited(logger, method, after.TotalSeconds);
            return new SlackResult(false, "ratelimited", after, default);
        }

        if ((int)response.StatusCode >= 500)
        {
            LogFailed(logger, method, $"HTTP {(int)response.StatusCode}");
            return new SlackResult(false, "http_5xx", null, default);
        }

        JsonElement body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            LogFailed(logger, method, $"HTTP {(int)response.StatusCode}, not JSON");
            return new SlackResult(false, "invalid_response", null, default);
        }

        var ok = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("ok", out var okElement) && okElement.ValueKind == JsonValueKind.True;
        var error = ok ? null : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? e.GetString() : $"HTTP {(int)response.StatusCode}";
        if (!ok)
        {
            // The method and Slack's error code, never the token or the message text.
            LogFailed(logger, method, error ?? "unknown");
        }

        return new SlackResult(ok, error, null, body);
    }

    /// <summary>The bot's direct message with a person (<c>conversations.open</c>): its channel id, or null with the call's result saying why.</summary>
    public async Task<(SlackResult Result, string? ChannelId)> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        var opened = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, cancellationToken);
        return (opened, opened.Ok && opened.Body.TryGetProperty("channel", out var channel) ? SlackTranslator.Str(channel, "id") : null);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Slack {Method} rate limited: retry after {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, string method, double seconds);
}
