namespace StarBot.Core.Conversation;

/// <summary>
/// A message from a person, whatever the platform: what every adapter turns its events into before anything
/// else sees them, so that the coach, the inbox and the stores never handle a platform's own payloads and one
/// code path serves every platform (README, "Architecture").
/// </summary>
public sealed record Inbound
{
    /// <summary>"slack", "teams", "terminal".</summary>
    public required string Platform { get; init; }

    /// <summary>The channel, group chat or direct-message conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The thread (Slack <c>thread_ts</c>, Teams reply chain) the message is in; null for a top-level message.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The message's own id (Slack <c>ts</c>, Teams activity id).</summary>
    public required string MessageId { get; init; }

    public required string UserId { get; init; }

    /// <summary>How to address the person in replies.</summary>
    public required string UserName { get; init; }

    /// <summary>The text, with the bot's mention and any slash command name already removed.</summary>
    public required string Text { get; init; }

    /// <summary>A one-to-one conversation with the bot: no threads, and every message is for the bot.</summary>
    public bool IsDirect { get; init; }

    /// <summary>The message names the bot (an @mention, or a slash command).</summary>
    public bool IsMention { get; init; }

    /// <summary>The message is a button press whose command is <see cref="Text"/>.</summary>
    public bool IsAction { get; init; }

    /// <summary>Workspace or tenant, so that one install's schedules and state stay apart from another's.</summary>
    public string TeamId { get; init; } = "";

    /// <summary>
    /// The sender's time zone (IANA id) when the platform says it with the message (Teams' <c>localTimezone</c>, the
    /// terminal's machine); null otherwise, and then an <see cref="IUserTimeZoneLookup"/> may know it.
    /// </summary>
    public string? UserTimeZone { get; init; }
}
