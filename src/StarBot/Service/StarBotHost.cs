using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;
using StarBot.Slack;
using StarBot.Teams;
using StarBot.Storage;
using StarBot.Storage.Postgres;
using StarBot.Webhook;

namespace StarBot.Service;

/// <summary>
/// The hosted service: ASP.NET Core on the Generic Host, with the store, the workers and the platform edges.
/// Configuration comes from <see cref="AppConfiguration"/>, checked by <see cref="ConfigurationCheck"/> before anything reads it.
/// </summary>
public static class StarBotHost
{
    /// <exception cref="ConfigurationException">A setting StarBot cannot run with.</exception>
    /// <param name="configure">Tests only: replace services (a fake clock) after the defaults are registered.</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        var configuration = builder.Configuration;
        AppConfiguration.AddSources(configuration, builder.Environment.EnvironmentName, args, overrides);
        ConfigurationCheck.ThrowIfInvalid(configuration);

        var services = builder.Services;
        // Registered first: hosted services start in order, so the store exists before any worker runs.
        services.AddSingleton<StartupChecks>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupChecks>());
        AddOptions<StorageOptions>(services, StorageOptions.Section);
        AddOptions<SchedulerOptions>(services, SchedulerOptions.Section);
        AddOptions<OutboxOptions>(services, OutboxOptions.Section);
        AddOptions<WebhookOptions>(services, WebhookOptions.Section);
        AddOptions<TestingOptions>(services, TestingOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ContentLoader.Load(AppConfiguration.ContentPath(configuration)).OrThrow());
        services.AddSingleton<IStarAnalyzer>(_ => new StarAnalyzer());
        AddStores(services, configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());
        services.AddSingleton(sp => new Coach(sp.GetRequiredService<ContentLibrary>(), sp.GetRequiredService<IStarAnalyzer>(), sp.GetRequiredService<IRoundStore>(),
            sp.GetRequiredService<IScheduleStore>(), sp.GetRequiredService<IChannelSettingsStore>(), sp.GetRequiredService<TimeProvider>(), new CoachOptions
            {
                ScheduleAdmins = configuration.GetSection("Schedule:Admins").Get<string[]>()?.ToHashSet() ?? [],
                RoundTimeout = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.RoundTimeout,
            }, sp.GetRequiredService<IPersonalDataStore>(), sp.GetServices<IUserTimeZoneLookup>(), sp.GetRequiredService<IExampleRotation>()));
        services.AddSingleton(sp => new DailyQuestionPoster(sp.GetRequiredService<Coach>(), sp.GetRequiredService<IScheduleStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DailyQuestionPoster>>(), sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.GracePeriod));
        services.AddSingleton(sp => new RoundReminder(sp.GetRequiredService<IRoundStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RoundReminder>>(), sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.RoundTimeout));
        services.AddScoped<InboundHandler>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        // Registered before the inbox worker, so that it stops after it: the replies of the last events handled go out.
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        services.AddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());
        services.AddSingleton<IInboxSignal>(sp => sp.GetRequiredService<InboxWorker>());
        services.AddSingleton<SchedulerWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerWorker>());
        services.AddHostedService<RetentionWorker>();

        if (configuration.GetValue<bool>("Webhook:Enabled"))
        {
            services.AddHttpClient<WebhookPlatform.Sender>(c => c.Timeout = TimeSpan.FromSeconds(10));
            services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<WebhookPlatform.Sender>());
        }

        if (SlackSetup.IsConfigured(configuration))
        {
            services.AddSlack();
            if (SlackSetup.UsesSocketMode(configuration))
            {
                services.AddSlackSocketMode();
            }
        }

        if (TeamsSetup.IsConfigured(configuration))
        {
            services.AddTeams(configuration);
        }

        services.AddHostedService<PlatformStatusLog>();

        AddHealth(services, SlackSetup.IsConfigured(configuration) && SlackSetup.UsesSocketMode(configuration));
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        configure?.Invoke(services);

        var app = builder.Build();
        MapHealth(app);
        if (configuration.GetValue<bool>("Webhook:Enabled"))
        {
            WebhookPlatform.Map(app);
        }

        // Socket Mode alone needs no endpoint (and has no secret to verify one with); both may be on.
        if (SlackSetup.IsConfigured(configuration) && SlackSetup.ServesHttpEndpoints(configuration))
        {
            SlackEndpoints.Map(app);
        }

        if (TeamsSetup.IsConfigured(configuration))
        {
            TeamsEndpoint.Map(app);
        }

        return app;
    }

    /// <summary>
    /// Runs the service until it stops; false when it stopped because a background service failed, which the exit
    /// code must say (a supervisor restarts only a service that failed). The background loops never end that way;
    /// this is for whatever else does.
    /// </summary>
    public static async Task<bool> RunAsync(WebApplication app, CancellationToken cancellationToken)
    {
        // Found before the run: running disposes the host and its services.
        var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        await app.RunAsync(cancellationToken);
        return !background.Any(s => s.ExecuteTask is { IsFaulted: true });
    }

    /// <summary>Whether any platform is configured; with none, the executable starts the terminal chat instead.</summary>
    public static bool AnyPlatformConfigured(IConfiguration configuration) =>
        configuration.GetValue<bool>("Webhook:Enabled") || SlackSetup.IsConfigured(configuration) || TeamsSetup.IsConfigured(configuration);

    /// <summary>Every store on the provider <c>Storage:Provider</c> names (checked already by <see cref="ConfigurationCheck"/>).</summary>
    private static void AddStores(IServiceCollection services, StorageOptions storage)
    {
        if (storage.IsPostgres)
        {
            var connectionString = storage.ConnectionString!;
            services.AddSingleton(sp => new PostgresDatabase(connectionString, sp.GetRequiredService<ILogger<PostgresDatabase>>()));
            services.AddSingleton<IStoreDatabase>(sp => sp.GetRequiredService<PostgresDatabase>());
            services.AddSingleton<IRoundStore, PostgresRoundStore>();
            services.AddSingleton<IScheduleStore, PostgresScheduleStore>();
            services.AddSingleton<IInbox, PostgresInbox>();
            services.AddSingleton<IOutbox, PostgresOutbox>();
            services.AddSingleton<IChannelSettingsStore, PostgresChannelSettingsStore>();
            services.AddSingleton<IExampleRotation, PostgresExampleRotation>();
            services.AddSingleton<IConversationAddressStore, PostgresConversationAddressStore>();
            services.AddSingleton<IPersonalDataStore, PostgresPersonalDataStore>();
            services.AddSingleton<IMessageRetention, PostgresRetention>();
            return;
        }

        services.AddSingleton(sp => new SqliteDatabase(AppPaths.Resolve(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Path)));
        services.AddSingleton<IStoreDatabase>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<IRoundStore, SqliteRoundStore>();
        services.AddSingleton<IScheduleStore, SqliteScheduleStore>();
        services.AddSingleton<IInbox, SqliteInbox>();
        services.AddSingleton<IOutbox, SqliteOutbox>();
        services.AddSingleton<IChannelSettingsStore, SqliteChannelSettingsStore>();
        services.AddSingleton<IExampleRotation, SqliteExampleRotation>();
        services.AddSingleton<IConversationAddressStore, SqliteConversationAddressStore>();
        services.AddSingleton<IPersonalDataStore, SqlitePersonalDataStore>();
        services.AddSingleton<IMessageRetention, SqliteRetention>();
    }

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    private const string Live = "live";
    private const string Ready = "ready";

    private static void AddHealth(IServiceCollection services, bool slackSocketMode)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Live])
            .AddCheck<ContentHealthCheck>("content", tags: [Live])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Live])
            .AddCheck<StartupHealthCheck>("started", tags: [Ready]);
        if (slackSocketMode)
        {
            // The one platform check: over Socket Mode a lost connection is StarBot's to restore (see SlackSocketState).
            checks.AddCheck<SlackSocketHealthCheck>(SlackSocketHealthCheck.Name, tags: [Live]);
        }
    }

    /// <summary>
    /// <c>/healthz</c>: <c>{"status","store","content","scheduler"}</c> (and <c>"slack"</c>, the Socket Mode connection's
    /// state, when it is on), 200 when all are healthy, else 503;
    /// <c>/readyz</c>: <c>{"status":"ready"}</c> 200 once start-up is done, <c>{"status":"starting"}</c> 503 before.
    /// A platform's outage is not among the checks: it is not the service's to fix, and a restart would not help.
    /// The exception is a Socket Mode connection missing for a minute, which may well be StarBot's side (its network).
    /// </summary>
    private static void MapHealth(WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Live),
            ResultStatusCodes = StatusCodesFor,
            ResponseWriter = (http, report) =>
            {
                var body = new Dictionary<string, object>
                {
                    ["status"] = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
                    ["store"] = IsHealthy(report, "store"),
                    ["content"] = IsHealthy(report, "content"),
                    ["scheduler"] = IsHealthy(report, "scheduler"),
                };
                if (report.Entries.TryGetValue(SlackSocketHealthCheck.Name, out var slack))
                {
                    body["slack"] = slack.Description ?? "unknown";
                }

                return http.Response.WriteAsJsonAsync(body);
            },
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResultStatusCodes = StatusCodesFor,
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new { status = report.Status == HealthStatus.Healthy ? "ready" : "starting" }),
        });
    }

    private static readonly Dictionary<HealthStatus, int> StatusCodesFor = new()
    {
        [HealthStatus.Healthy] = StatusCodes.Status200OK,
        [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
        [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
    };

    private static bool IsHealthy(HealthReport report, string check) => report.Entries.TryGetValue(check, out var entry) && entry.Status == HealthStatus.Healthy;
}

/// <summary>The database answers (and is migrated).</summary>
internal sealed class StoreHealthCheck(IStoreDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the database does not answer");
}

/// <summary>The content library is loaded and has questions.</summary>
internal sealed class ContentHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(services.GetRequiredService<ContentLibrary>().Questions.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no questions loaded"));
}

/// <summary>The scheduler finished a pass within three poll intervals (and five seconds of slack).</summary>
internal sealed class SchedulerHealthCheck(SchedulerWorker scheduler, TimeProvider time, IOptions<SchedulerOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(scheduler.LastPass is { } last && time.GetUtcNow() - last < options.Value.PollInterval * 3 + TimeSpan.FromSeconds(5)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the scheduler has not finished a pass lately"));
}

/// <summary>Start-up (migrations, content, the analyzer's model) is done.</summary>
internal sealed class StartupHealthCheck(StartupChecks checks) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(checks.Done ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("starting"));
}

/// <summary>
/// Runs before the workers: creates and migrates the database, loads and validates the content (a broken file
/// stops start-up with <c>file:line: reason</c>) and loads the analyzer's model, so the first message is not slow.
/// </summary>
public sealed class StartupChecks(IStoreDatabase database, IServiceProvider services) : IHostedService
{
    public bool Done { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        services.GetRequiredService<ContentLibrary>();
        services.GetRequiredService<IStarAnalyzer>().Analyze("warm-up");
        Done = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
