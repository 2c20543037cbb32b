using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StarBot.Core.Messaging;

namespace StarBot.Slack;

public static class SlackSetup
{
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Slack:SigningSecret"]) || !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]);

    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SlackContext>();
        // No per-call log lines and scopes from the client factory: SlackApi logs what matters (failures, rate limits).
        services.AddHttpClient<SlackApi>(c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddSingleton<IMessageSender, SlackSender>(sp => new SlackSender(sp.GetRequiredService<SlackApi>()));
        services.AddHostedService<SlackIdentityService>();
        return services;
    }
}

/// <summary>Asks Slack who the bot is (<c>auth.test</c>) at start, so the bot can recognise, and ignore, its own messages.</summary>
public sealed partial class SlackIdentityService(SlackApi api, SlackContext context, ILogger<SlackIdentityService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var result = await api.CallAsync("auth.test", [], stoppingToken);
                if (result.Ok && SlackTranslator.Str(result.Body, "user_id") is { } user)
                {
                    context.BotUserId = user;
                    LogIdentified(logger, user, SlackTranslator.Str(result.Body, "team_id") ?? "?");
                    return;
                }

                if (result.Error is "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive")
                {
                    LogBadToken(logger, result.Error);
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                LogUnreachable(logger, e.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Min(attempt, 6))), stoppingToken);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Slack: on, bot {BotUserId}, team {TeamId}")]
    private static partial void LogIdentified(ILogger logger, string botUserId, string teamId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Slack rejected the bot token ({Error}): check Slack:BotToken")]
    private static partial void LogBadToken(ILogger logger, string error);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Slack unreachable for auth.test ({Reason}); trying again")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
