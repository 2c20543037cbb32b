using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>The real service on loopback with Slack configured against <see cref="FakeSlack"/>; sends signed requests like Slack does.</summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret";
    private readonly InProcessService _service;

    private SlackHost(InProcessService service) => _service = service;

    public WebApplication App => _service.App;

    public HttpClient Http => _service.Http;

    public string DatabasePath => _service.DatabasePath;

    /// <summary>How many events were stored in the inbox (handled or not): what passed the signature check, the translator and de-duplication.</summary>
    public Task<long> InboxRowsAsync() => StoreProbe.CountAsync(DatabasePath, "SELECT COUNT(*) FROM inbox;");

    public static Task<SlackHost> StartAsync(FakeSlack slack) => StartAsync(new Dictionary<string, string?>
    {
        ["Slack:SigningSecret"] = SigningSecret,
        ["Slack:BotToken"] = FakeSlack.Token,
        ["Slack:ApiBaseUrl"] = slack.BaseUrl,
        ["Slack:MaxBodyBytes"] = "65536",
    });

    /// <summary>Socket Mode: the app-level and bot tokens, and no signing secret unless <paramref name="withSigningSecret"/>.</summary>
    /// <param name="configure">Replaces services after the defaults (a gated inbox).</param>
    public static Task<SlackHost> StartSocketModeAsync(FakeSlack slack, bool withSigningSecret = false, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:AppToken"] = FakeSocketMode.AppToken,
            ["Slack:BotToken"] = FakeSlack.Token,
            ["Slack:ApiBaseUrl"] = slack.BaseUrl,
        };
        if (withSigningSecret)
        {
            settings["Slack:SigningSecret"] = SigningSecret;
        }

        return StartAsync(settings, configure);
    }

    private static async Task<SlackHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var service = await InProcessService.StartAsync(settings, configure);
        // auth.test teaches the service its own user id; wait for it so bot echoes are recognised.
        var context = service.App.Services.GetRequiredService<SlackContext>();
        for (var i = 0; context.BotUserId is null; i++)
        {
            if (i == 200)
            {
                await service.DisposeAsync();
                throw new TimeoutException("auth.test never taught the service its bot user id (10 s)");
            }

            await Task.Delay(50);
        }

        return new SlackHost(service);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, DateTimeOffset? at = null, string? signature = null, int? retry = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature ?? SlackSignature.Compute(SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> EventAsync(string json, int? retry = null) => PostAsync("/slack/events", json, "application/json", retry: retry);

    public Task<HttpResponseMessage> CommandAsync(string form) => PostAsync("/slack/commands", form, "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> InteractionAsync(string payloadJson) =>
        PostAsync("/slack/interactions", "payload=" + Uri.EscapeDataString(payloadJson), "application/x-www-form-urlencoded");

    /// <summary>Waits until every accepted event is handled and every queued reply is recorded as sent.</summary>
    public Task SettleAsync() => _service.SettleAsync();

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
