using System.ComponentModel.DataAnnotations;
using StarBot.Storage;

namespace StarBot.Service;

/// <summary>Section <c>Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>
    /// Where the stores live: <c>sqlite</c> (the default: one file, <see cref="Path"/>, for one process) or
    /// <c>postgres</c> (<see cref="ConnectionString"/>, which several replicas may share).
    /// </summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>
    /// The PostgreSQL connection string when <see cref="Provider"/> is <c>postgres</c>. A secret (it may hold a
    /// password): set it from the environment or a key-per-file secret, and it is never logged or echoed in an error.
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>The SQLite file, relative to the working folder. Default <c>data/starbot.db</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:Path must name the SQLite file, e.g. data/starbot.db")]
    public string Path { get; set; } = "data/starbot.db";

    /// <summary>
    /// How long handled events and delivered replies stay in the store (their dedupe keys and what people wrote);
    /// pending ones stay until they are done. Default 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "Storage:KeepMessagesFor must be between 01:00:00 and 365.00:00:00")]
    public TimeSpan KeepMessagesFor { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgres && !string.Equals(Provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Storage:Provider must be {StorageProviders.Sqlite} or {StorageProviders.Postgres}, not '{Provider}'", [nameof(Provider)]);
        }
        else if (IsPostgres && StarBot.Storage.Postgres.PostgresDatabase.Problem(ConnectionString) is { } problem)
        {
            // Never the value itself: it may hold a password.
            yield return new ValidationResult($"Storage:ConnectionString {problem}", [nameof(ConnectionString)]);
        }
    }
}

/// <summary>Section <c>Scheduler</c>: daily question posts and round timeouts.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>A post missed (downtime) by less than this is sent late; an older one is skipped and logged. Default 2 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Scheduler:GracePeriod must be between 00:00:00 and 1.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A round still open this long after it opened is closed and summarised. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Scheduler:RoundTimeout must be between 00:01:00 and 30.00:00:00")]
    public TimeSpan RoundTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often due posts and timeouts are looked for. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Scheduler:PollInterval must be between 00:00:00.010 and 00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Section <c>Outbox</c>: how replies are delivered to the platforms.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Sends in flight at once, across channels. Default 64.</summary>
    [Range(1, 1024, ErrorMessage = "Outbox:Concurrency must be between 1 and 1024")]
    public int Concurrency { get; set; } = 64;

    /// <summary>Sends per second across all channels, below the platforms' own limits. Default 350.</summary>
    [Range(1, 10_000, ErrorMessage = "Outbox:MessagesPerSecond must be between 1 and 10000")]
    public int MessagesPerSecond { get; set; } = 350;

    /// <summary>Least time between two messages to one channel (Slack allows about one a second). Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Outbox:ChannelInterval must be between 00:00:00 and 00:01:00")]
    public TimeSpan ChannelInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts after which a message failing with errors other than rate limits is given up. Default 12.</summary>
    [Range(1, 1000, ErrorMessage = "Outbox:MaxAttempts must be between 1 and 1000")]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>
    /// How long a message (and an inbound event) is kept from other workers while one delivers (handles) it. A
    /// crashed worker's messages are taken over by another one only after it, so it bounds how late they go out;
    /// it should stay well above the time a send may take, or a slow send may be taken over and sent twice.
    /// Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Outbox:Lease must be between 00:00:00.001 and 1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Section <c>Webhook</c>: a generic JSON platform for local integrations, tests and benchmarks.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhook";

    /// <summary>Accept messages at <c>POST /api/webhook/messages</c> (from loopback callers only). Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where replies are POSTed as JSON; required when enabled.</summary>
    public string? OutboundUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !(Uri.TryCreate(OutboundUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("Webhook:OutboundUrl must be an absolute http(s) URL when Webhook:Enabled is true", [nameof(OutboundUrl)]);
        }
    }
}

/// <summary>Section <c>Testing</c>: fault switches for tests. All off by default; never turn them on in production.</summary>
public sealed class TestingOptions
{
    public const string Section = "Testing";

    /// <summary>Kill the process right after an inbound event is stored and acknowledged, before it is handled.</summary>
    public bool CrashAfterAck { get; set; }
}
