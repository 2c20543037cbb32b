using Microsoft.Extensions.Logging;
using StarBot.Core.Conversation;

namespace StarBot.Slack;

/// <summary>
/// A person's time zone from their Slack profile (<c>users.info</c>, <c>user.tz</c>; scope <c>users:read</c>). Slack's
/// messages do not carry it, and it is asked only when someone sets a schedule without a zone.
/// </summary>
public sealed partial class SlackUserTimeZones(SlackApi api, ILogger<SlackUserTimeZones> logger) : IUserTimeZoneLookup
{
    /// <summary>
    /// A slash command is answered in its HTTP response, which Slack waits 3 seconds for: a slower answer is treated
    /// as none, and the person is asked for the zone instead.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public string Platform => SlackSender.PlatformName;

    public async Task<string?> FindAsync(string teamId, string userId, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            var result = await api.CallFormAsync("users.info", new Dictionary<string, string> { ["user"] = userId }, limit.Token);
            var zone = result.Ok && result.Body.TryGetProperty("user", out var user) ? SlackTranslator.Str(user, "tz") : null;
            if (zone is null)
            {
                LogNoZone(logger, userId, result.Error ?? "no tz in the profile");
            }

            return zone;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Slack unreachable or slow: asking the person for the zone beats failing their command.
            LogNoZone(logger, userId, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Slack time zone of {UserId} not found: {Reason}")]
    private static partial void LogNoZone(ILogger logger, string userId, string reason);
}
