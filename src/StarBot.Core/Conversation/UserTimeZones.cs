namespace StarBot.Core.Conversation;

/// <summary>
/// A platform's way to find a person's time zone when its messages do not carry it (Slack: <c>users.info</c>). Asked
/// only when someone sets a daily schedule without naming a zone, so it may make a network call.
/// </summary>
public interface IUserTimeZoneLookup
{
    /// <summary>The <see cref="Inbound.Platform"/> this lookup serves.</summary>
    string Platform { get; }

    /// <summary>The person's IANA time zone, or null when the platform does not say (or could not be asked).</summary>
    Task<string?> FindAsync(string teamId, string userId, CancellationToken cancellationToken);
}
