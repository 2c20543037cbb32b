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

    /// <summary>Waits until every accepted event is handled and every queued reply is recorded as sent; throws after 15 s.</summary>
    public Task SettleAsync() => _service.SettleAsync();

    /// <summary>
    /// Waits until the outbox holds a reply that failed <paramref name="attempts"/> times and is waiting for its next
    /// attempt, and returns when that attempt is due (what the worker made of the platform's answer).
    /// </summary>
    public async Task<DateTimeOffset> WaitForRetryAsync(int attempts)
    {
        var sql = $"SELECT COALESCE(MAX(next_attempt_at), -1) FROM outbox WHERE status = 'pending' AND lease_until = 0 AND attempts = {attempts};";
        for (var i = 0; i < 300; i++)
        {
            if (await StoreProbe.CountAsync(DatabasePath, sql) is var due and >= 0)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(due);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no reply in the outbox waiting after {attempts} failed attempts");
    }

    /// <summary>Waits until the scheduler has finished a pass at <paramref name="at"/> (on its clock) or later.</summary>
    public async Task WaitForSchedulerPassAsync(DateTimeOffset at)
    {
        var scheduler = App.Services.GetRequiredService<StarBot.Service.SchedulerWorker>();
        for (var i = 0; i < 300 && !(scheduler.LastPass >= at); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(scheduler.LastPass >= at, $"the scheduler's last pass was at {scheduler.LastPass}, not at {at} or later");
    }

    public Task<HttpResponseMessage> SayAsync(string user, string text, string messageId, string? thread = null, string conversation = "C1", bool mention = true) =>
        Http.PostAsJsonAsync("/api/webhook/messages", new { conversationId = conversation, threadId = thread, messageId, userId = "U-" + user, userName = user, text, mention });

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
