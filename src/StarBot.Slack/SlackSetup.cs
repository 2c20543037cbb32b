using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarBot.Core.Hosting;
using StarBot.Core.Messaging;

namespace StarBot.Slack;

public static class SlackSetup
{
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Slack:SigningSecret"]) || !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"])
        || !string.IsNullOrWhiteSpace(configuration["Slack:AppToken"]);

    /// <summary>The signed HTTP endpoints are served only with a signing secret: without one nothing could verify them.</summary>
    public static bool ServesHttpEndpoints(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Slack:SigningSecret"]);

    /// <summary>Socket Mode is on with an app-level token.</summary>
    public static bool UsesSocketMode(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Slack:AppToken"]);

    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SlackContext>();
        // No per-call log lines and scopes from the client factory: SlackApi logs what matters (failures, rate limits).
        services.AddHttpClient<SlackApi>(c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddTransient<SlackIntake>();
        services.AddSingleton<IMessageSender, SlackSender>(sp => new SlackSender(sp.GetRequiredService<SlackApi>()));
        services.AddSingleton<StarBot.Core.Conversation.IUserTimeZoneLookup, SlackUserTimeZones>();
        services.AddHostedService<SlackIdentityService>();
        return services;
    }

    /// <summary>Socket Mode (with <c>Slack:AppToken</c>): the connection to Slack and its state for <c>/healthz</c>.</summary>
    /// <remarks>Registered after the inbox and outbox workers, so that it stops before them: the envelopes it acks at shutdown are still handled.</remarks>
    public static IServiceCollection AddSlackSocketMode(this IServiceCollection services)
    {
        services.AddSingleton<SlackSocketState>();
        services.AddHostedService<SlackSocketMode>();
        return services;
    }
}

/// <summary>
/// Asks Slack who the bot is (<c>auth.test</c>) at start, so the bot can recognise, and ignore, its own messages.
/// A Slack that does not answer is Slack's outage: the call is tried again under the background loops' policy,
/// and the service runs meanwhile.
/// </summary>
public sealed partial class SlackIdentityService(SlackApi api, SlackContext context, TimeProvider time, ILogger<SlackIdentityService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync("Slack auth.test", IdentifyAsync, logger, time, stoppingToken);

    /// <summary>False once Slack answered for good (who the bot is, or that the token is bad); throws to be tried again.</summary>
    private async Task<bool> IdentifyAsync(CancellationToken cancellationToken)
    {
        var result = await api.CallAsync("auth.test", [], cancellationToken);
        if (result.Ok && SlackTranslator.Str(result.Body, "user_id") is { } user)
        {
            context.BotUserId = user;
            LogIdentified(logger, user, SlackTranslator.Str(result.Body, "team_id") ?? "?");
            return false;
        }

        if (result.Error is "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive")
        {
            LogBadToken(logger, result.Error);
            return false;
        }

        throw new SlackUnavailableException($"auth.test answered {result.Error ?? "without a user id"}");
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Slack: on, bot {BotUserId}, team {TeamId}")]
    private static partial void LogIdentified(ILogger logger, string botUserId, string teamId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Slack rejected the bot token ({Error}): check Slack:BotToken")]
    private static partial void LogBadToken(ILogger logger, string error);
}

/// <summary>Slack answered, but not with what was asked, and may later (its own error, a rate limit).</summary>
public sealed class SlackUnavailableException(string message) : Exception(message);
