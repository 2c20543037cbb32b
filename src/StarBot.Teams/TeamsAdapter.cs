using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace StarBot.Teams;

/// <summary>
/// The SDK's <see cref="CloudAdapter"/> (token validation, connector clients, proactive turns), with the one
/// entry point the endpoint needs: authenticate and run a turn for an activity the endpoint has already read and
/// checked, so that a malformed body is a 400 with a reason rather than whatever the SDK makes of it. One
/// constructor, so the container cannot pick the wrong one.
/// </summary>
public sealed class TeamsAdapter(BotFrameworkAuthentication authentication, ILogger<TeamsAdapter> logger) : CloudAdapter(authentication, logger)
{
    /// <exception cref="UnauthorizedAccessException">The token is missing or not valid for this bot.</exception>
    public Task<InvokeResponse> RunTurnAsync(string? authHeader, Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authHeader, activity, callback, cancellationToken);
}
