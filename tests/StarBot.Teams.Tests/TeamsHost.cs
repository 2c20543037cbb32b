using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

/// <summary>
/// The real service on loopback in the Emulator's mode (<c>Teams:Emulator</c>: loopback callers, no tokens) unless
/// the settings give an app id, whose
/// replies go to a <see cref="FakeBotConnector"/>; sends Teams's activity fixtures with the fake's service URL.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    private readonly InProcessService _service;

    private TeamsHost(InProcessService service, FakeBotConnector connector)
    {
        _service = service;
        Connector = connector;
    }

    public WebApplication App => _service.App;

    public HttpClient Http => _service.Http;

    public FakeBotConnector Connector { get; }

    public static async Task<TeamsHost> StartAsync(Action<IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var connector = await FakeBotConnector.StartAsync();
        settings = new Dictionary<string, string?>(settings ?? []);
        if (!settings.ContainsKey("Teams:MicrosoftAppId"))
        {
            settings.TryAdd("Teams:Emulator", "true");
        }

        return new TeamsHost(await InProcessService.StartAsync(settings, configure), connector);
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
    public Task SettleAsync() => _service.SettleAsync();

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
