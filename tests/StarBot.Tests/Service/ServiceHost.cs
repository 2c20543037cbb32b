using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Service;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>The real service started in-process on loopback with its own SQLite file, talking to a <see cref="FakePlatform"/>.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private ServiceHost(WebApplication app, TempFolder folder, string databasePath)
    {
        App = app;
        _folder = folder;
        DatabasePath = databasePath;
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public string DatabasePath { get; }

    public static async Task<ServiceHost> StartAsync(FakePlatform platform, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "starbot.db");
        var overrides = new Dictionary<string, string?>
        {
            ["Content:Path"] = RepoPaths.Content,
            ["Storage:Path"] = database,
            ["Webhook:Enabled"] = "true",
            ["Webhook:OutboundUrl"] = platform.Url,
            ["Scheduler:PollInterval"] = "00:00:00.100",
            ["Outbox:ChannelInterval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }

        var app = StarBotHost.Build(["--urls", "http://127.0.0.1:0"], overrides, configure);
        await app.StartAsync();
        return new ServiceHost(app, folder, database);
    }

    /// <summary>Waits until every queued reply is recorded as sent, so that moving a fake clock cannot expire a lease mid-send.</summary>
    public async Task WaitForOutboxEmptyAsync()
    {
        var outbox = App.Services.GetRequiredService<StarBot.Core.Messaging.IOutbox>();
        for (var i = 0; i < 200 && await outbox.PendingCountAsync(default) > 0; i++)
        {
            await Task.Delay(50);
        }
    }

    public Task<HttpResponseMessage> SayAsync(string user, string text, string messageId, string? thread = null, string conversation = "C1", bool mention = true) =>
        Http.PostAsJsonAsync("/api/webhook/messages", new { conversationId = conversation, threadId = thread, messageId, userId = "U-" + user, userName = user, text, mention });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
