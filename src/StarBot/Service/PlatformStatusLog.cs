using Microsoft.Extensions.Options;
using StarBot.Slack;
using StarBot.Teams;

namespace StarBot.Service;

/// <summary>
/// Says at start-up, one line per platform, which ones are on and how, from the configuration alone (no network
/// call, no secret). Slack's "on" line comes from <see cref="SlackIdentityService"/> once <c>auth.test</c> has
/// named the bot and its team, which only Slack can tell.
/// </summary>
public sealed partial class PlatformStatusLog(IConfiguration configuration, IOptions<WebhookOptions> webhook, ILogger<PlatformStatusLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!SlackSetup.IsConfigured(configuration))
        {
            LogSlackOff(logger);
        }
        else
        {
            // How Slack reaches StarBot; which bot and team it is comes later, from auth.test.
            if (SlackSetup.UsesSocketMode(configuration))
            {
                LogSlackSocketMode(logger);
            }

            if (SlackSetup.ServesHttpEndpoints(configuration))
            {
                LogSlackHttp(logger);
            }
        }

        var teams = configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>() ?? new TeamsOptions();
        if (teams.EmulatorMode)
        {
            LogTeamsEmulator(logger);
        }
        else if (teams.Enabled)
        {
            LogTeamsOn(logger, teams.MicrosoftAppId!, teams.MicrosoftAppType);
        }
        else
        {
            LogTeamsOff(logger);
        }

        if (webhook.Value.Enabled)
        {
            LogWebhookOn(logger);
        }
        else
        {
            LogWebhookOff(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Slack: off (Slack:BotToken, Slack:SigningSecret and Slack:AppToken not set)")]
    private static partial void LogSlackOff(ILogger logger);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Slack: Socket Mode (Slack:AppToken set): StarBot connects to Slack, no public endpoint needed")]
    private static partial void LogSlackSocketMode(ILogger logger);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Slack: HTTP endpoints /slack/events, /slack/commands, /slack/interactions (Slack:SigningSecret set)")]
    private static partial void LogSlackHttp(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Teams: off (Teams:MicrosoftAppId not set; /api/messages is not served)")]
    private static partial void LogTeamsOff(ILogger logger);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Teams: emulator (loopback only): Teams:Emulator=true, so /api/messages takes unauthenticated activities from direct loopback callers (never through a proxy) and replies only to a loopback serviceUrl; for the Bot Framework Emulator, not for production")]
    private static partial void LogTeamsEmulator(ILogger logger);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Teams: on, bot {AppId} ({AppType}); /api/messages requires Bot Framework tokens")]
    private static partial void LogTeamsOn(ILogger logger, string appId, string appType);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Webhook: on, /api/webhook/messages for direct loopback callers only")]
    private static partial void LogWebhookOn(ILogger logger);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Webhook: off")]
    private static partial void LogWebhookOff(ILogger logger);
}
