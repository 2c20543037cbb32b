using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Core.Messaging;
using StarBot.Service;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

/// <summary>
/// The real service on loopback with no Teams app id (the Emulator's mode: loopback callers, no tokens), whose
/// replies go to a <see cref="FakeBotConnector"/>; sends Teams's activity fixtures with the fake's service URL.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private TeamsHost(WebApplication app, TempFolder folder, FakeBotConnector connector)
    {
        App = app;
        _folder = folder;
        Connector = connector;
        Http = new HttpClient { BaseAddress = new Uri(LoopbackServer.Address(app)) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public FakeBotConnector Connector { get; }

    public static async Task<TeamsHost> StartAsync(Action<IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var folder = new TempFolder();
        var connector = await FakeBotConnector.StartAsync();
        var overrides = new Dictionary<string, string?>
        {
            ["Content:Path"] = RepoPaths.Content,
            ["Storage:Path"] = Path.Combine(folder.Path, "starbot.db"),
            ["Outbox:ChannelInterval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }

        var app = StarBotHost.Build(["--urls", "http://127.0.0.1:0"], overrides, configure);
        await app.StartAsync();
        return new TeamsHost(app, folder, connector);
    }

    /// <summary>A fixture from tests/data/teams/activities, pointed at the fake connector, with changes.</summary>
    public JsonObject Fixture(string name, Action<JsonObject>? change = null)
    {
        var activity = JsonNode.Parse(File.ReadAllText(RepoPaths.TestData("teams", "activities", name)))!.AsObject();
        activity["serviceUrl"] = Connector.ServiceUrl;
        change?.Invoke(activity);
        return activity;
    }

    public Task<HttpResponseMessage> PostAsync(JsonNode activity, string? authorization = null) => PostRawAsync(activity.ToJsonString(), authorization);

    public Task<HttpResponseMessage> PostRawAsync(string body, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Waits until the inbox is handled and the outbox is delivered.</summary>
    public async Task SettleAsync()
    {
        var inbox = App.Services.GetRequiredService<IInbox>();
        var outbox = App.Services.GetRequiredService<IOutbox>();
        for (var i = 0; i < 300 && (await inbox.PendingCountAsync(default) > 0 || await outbox.PendingCountAsync(default) > 0); i++)
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        _folder.Dispose();
    }
}
