using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Service;

namespace StarBot.Testing;

/// <summary>
/// The real service started in-process on a loopback port with its own SQLite file in a temporary folder: what
/// each platform's test host (webhook, Slack, Teams) builds on, adding its own settings and fakes.
/// </summary>
internal sealed class InProcessService : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private InProcessService(WebApplication app, TempFolder folder, string databasePath)
    {
        App = app;
        _folder = folder;
        DatabasePath = databasePath;
        Http = new HttpClient { BaseAddress = new Uri(LoopbackServer.Address(app)) };
    }

    public WebApplication App { get; }

    /// <summary>A client for the service's own endpoints.</summary>
    public HttpClient Http { get; }

    public string DatabasePath { get; }

    /// <param name="settings">Configuration on top of the test defaults (content, a fresh database, no channel pacing, warnings only).</param>
    /// <param name="configure">Replaces services after the defaults are registered (a fake clock, test credentials).</param>
    public static async Task<InProcessService> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "starbot.db");
        var overrides = new Dictionary<string, string?>
        {
            ["Content:Path"] = RepoPaths.Content,
            ["Storage:Path"] = database,
            ["Outbox:ChannelInterval"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        var app = StarBotHost.Build(["--urls", "http://127.0.0.1:0"], overrides, configure);
        await app.StartAsync();
        return new InProcessService(app, folder, database);
    }

    /// <summary>Waits until every accepted event is handled and every queued reply is recorded as sent; throws after 15 s.</summary>
    public Task SettleAsync() => StoreProbe.SettleAsync(DatabasePath);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
