using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Service;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>The real service on loopback with Slack configured against <see cref="FakeSlack"/>; sends signed requests like Slack does.</summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret";
    private readonly TempFolder _folder;

    private SlackHost(WebApplication app, TempFolder folder)
    {
        App = app;
        _folder = folder;
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public static async Task<SlackHost> StartAsync(FakeSlack slack)
    {
        var folder = new TempFolder();
        var app = StarBotHost.Build(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["Content:Path"] = RepoPaths.Content,
            ["Storage:Path"] = Path.Combine(folder.Path, "starbot.db"),
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = FakeSlack.Token,
            ["Slack:ApiBaseUrl"] = slack.BaseUrl,
            ["Slack:MaxBodyBytes"] = "65536",
            ["Outbox:ChannelInterval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        var host = new SlackHost(app, folder);
        // auth.test teaches the service its own user id; wait for it so bot echoes are recognised.
        var context = app.Services.GetRequiredService<SlackContext>();
        for (var i = 0; i < 100 && context.BotUserId is null; i++)
        {
            await Task.Delay(50);
        }

        return host;
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
