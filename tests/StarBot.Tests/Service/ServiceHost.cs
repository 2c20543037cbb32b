using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>The real service in-process on loopback (<see cref="InProcessService"/>) with the webhook platform pointed at a <see cref="FakePlatform"/>.</summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly InProcessService _service;

    private ServiceHost(InProcessService service) => _service = service;

    public WebApplication App => _service.App;

    public HttpClient Http => _service.Http;

    public string DatabasePath => _service.DatabasePath;

    public static async Task<ServiceHost> StartAsync(FakePlatform platform, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Webhook:Enabled"] = "true",
            ["Webhook:OutboundUrl"] = platform.Url,
            ["Scheduler:PollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }

        return new ServiceHost(await InProcessService.StartAsync(overrides, configure));
    }

    /// <summary>The service on <paramref name="clock"/> (a fake one, moved by the test) instead of the system's.</summary>
    public static Task<ServiceHost> StartAsync(FakePlatform platform, TimeProvider clock, Dictionary<string, string?> settings) =>
        StartAsync(platform, settings, services => services.Replace(ServiceDescriptor.Singleton(clock)));

    /// <summary>Waits until every queued reply is recorded as sent, so that moving a fake clock cannot expire a lease mid-send.</summary>
    public Task WaitForOutboxEmptyAsync() => _service.SettleAsync();

    public Task<HttpResponseMessage> SayAsync(string user, string text, string messageId, string? thread = null, string conversation = "C1", bool mention = true) =>
        Http.PostAsJsonAsync("/api/webhook/messages", new { conversationId = conversation, threadId = thread, messageId, userId = "U-" + user, userName = user, text, mention });

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
