using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarBot.Core.Messaging;
using StarBot.Service;
using StarBot.Storage;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>A failing pass of a background loop is logged and tried again; the service goes on.</summary>
public sealed class BackgroundFailureTests
{
    [Fact]
    public async Task A_store_failure_in_the_outbox_loop_is_logged_and_the_reply_still_goes_out()
    {
        await using var platform = await FakePlatform.StartAsync();
        var logs = new LogCapture();
        await using var host = await ServiceHost.StartAsync(platform, configure: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IOutbox>(sp => new FailingFirstLease(new SqliteOutbox(sp.GetRequiredService<SqliteDatabase>()))));
            services.AddSingleton<ILoggerProvider>(logs);
        });

        var failed = await logs.WaitForAsync(e => e.EventId == 9001, TimeSpan.FromSeconds(20));
        Assert.Contains("outbox", failed.Message);
        Assert.IsType<IOException>(failed.Exception);

        await host.SayAsync("alex", "help", "m1");
        await platform.WaitForAsync(p => p.Count == 1);
    }

    [Fact]
    public async Task A_host_stopped_by_a_failed_background_service_says_so_for_a_non_zero_exit_code()
    {
        using var folder = new TempFolder();
        await using var app = BuildHost(folder, services => services.AddHostedService<Exploding>());

        var completed = await StarBotHost.RunAsync(app, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(completed);
    }

    [Fact]
    public async Task A_host_stopped_on_request_says_it_completed()
    {
        using var folder = new TempFolder();
        await using var app = BuildHost(folder);
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        var run = StarBotHost.RunAsync(app, stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stop.CancelAsync();

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The service with the webhook platform on, its store in <paramref name="folder"/>, and no log.</summary>
    private static WebApplication BuildHost(TempFolder folder, Action<IServiceCollection>? configure = null) =>
        StarBotHost.Build(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["Content:Path"] = RepoPaths.Content,
            ["Storage:Path"] = Path.Combine(folder.Path, "starbot.db"),
            ["Webhook:Enabled"] = "true",
            ["Webhook:OutboundUrl"] = "http://127.0.0.1:9/post",
            ["Logging:LogLevel:Default"] = "None",
        }, configure);

    /// <summary>A background service that fails as soon as it runs: what a bug outside the loops' policy would do.</summary>
    private sealed class Exploding(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task;
            throw new InvalidOperationException("boom");
        }
    }

    /// <summary>The real outbox, whose first lease fails as a disk error would.</summary>
    private sealed class FailingFirstLease(IOutbox inner) : IOutbox
    {
        private int _leases;

        public Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _leases) == 1 ? throw new IOException("disk I/O error") : inner.LeaseAsync(max, now, lease, cancellationToken);

        public Task EnqueueAsync(IReadOnlyList<OutboundMessage> messages, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueAsync(messages, now, cancellationToken);

        public Task<bool> ExtendLeaseAsync(long id, DateTimeOffset leasedUntil, DateTimeOffset until, CancellationToken cancellationToken) => inner.ExtendLeaseAsync(id, leasedUntil, until, cancellationToken);

        public Task MarkSentAsync(long id, string? messageId, DateTimeOffset now, CancellationToken cancellationToken) => inner.MarkSentAsync(id, messageId, now, cancellationToken);

        public Task RetryLaterAsync(long id, DateTimeOffset nextAttempt, string reason, CancellationToken cancellationToken) => inner.RetryLaterAsync(id, nextAttempt, reason, cancellationToken);

        public Task RefuseAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) => inner.RefuseAsync(id, reason, now, cancellationToken);

        public Task FailAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) => inner.FailAsync(id, reason, now, cancellationToken);

        public Task ReleaseAsync(long id, CancellationToken cancellationToken) => inner.ReleaseAsync(id, cancellationToken);

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => inner.NextDueAsync(cancellationToken);

        public Task<int> PendingCountAsync(CancellationToken cancellationToken) => inner.PendingCountAsync(cancellationToken);
    }
}
