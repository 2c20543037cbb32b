using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StarBot.Slack;

public enum SlackSocketStatus
{
    Connecting,
    Connected,
    LinkDisabled,
    TokenRefused,
    Stopped,
}

/// <summary>
/// The Socket Mode connection's state for <c>/healthz</c>. Unlike the HTTP endpoints, which work as long as StarBot
/// is up, Socket Mode hears nothing from Slack without a connection; a minute without one (whatever the reason: a
/// network partition, a refused token, Socket Mode switched off) makes the service unhealthy, so that someone looks.
/// </summary>
public sealed class SlackSocketState(TimeProvider time)
{
    /// <summary>How long the service may be without a connection and still be healthy: reconnecting normally takes seconds.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _unconnectedSince = time.GetUtcNow();

    public SlackSocketStatus Status { get; private set; } = SlackSocketStatus.Connecting;

    public void Connected()
    {
        lock (_lock)
        {
            Status = SlackSocketStatus.Connected;
        }
    }

    /// <summary>The connection is gone and another is being made.</summary>
    public void Disconnected() => Leave(SlackSocketStatus.Connecting);

    /// <summary>No connection will be made any more.</summary>
    public void Stopped(SlackSocketStatus status) => Leave(status);

    private void Leave(SlackSocketStatus status)
    {
        lock (_lock)
        {
            if (Status == SlackSocketStatus.Connected)
            {
                _unconnectedSince = time.GetUtcNow();
            }

            Status = status;
        }
    }

    public bool IsHealthy
    {
        get
        {
            lock (_lock)
            {
                return Status == SlackSocketStatus.Connected || time.GetUtcNow() - _unconnectedSince < Grace;
            }
        }
    }

    /// <summary>The state as <c>/healthz</c> names it: connected, connecting, link_disabled, token_refused, stopped.</summary>
    public string Name => Status switch
    {
        SlackSocketStatus.Connected => "connected",
        SlackSocketStatus.LinkDisabled => "link_disabled",
        SlackSocketStatus.TokenRefused => "token_refused",
        SlackSocketStatus.Stopped => "stopped",
        _ => "connecting",
    };
}

/// <summary>Socket Mode's part of <c>/healthz</c>: healthy while connected or for a minute without a connection; the state is the description.</summary>
public sealed class SlackSocketHealthCheck(SlackSocketState state) : IHealthCheck
{
    public const string Name = "slack";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsHealthy ? HealthCheckResult.Healthy(state.Name) : HealthCheckResult.Unhealthy(state.Name));
}
