using System.Text.Json;
using System.Text.RegularExpressions;
using StarBot.Core.Conversation;

namespace StarBot.Slack;

/// <summary>
/// Turns Slack's payloads into <see cref="Inbound"/> messages before anything else sees them (so that nothing past
/// the edge depends on Slack's shapes), dropping everything the bot must not answer: its own posts and other
/// bots', edits, deletions, joins and other system messages, and channel talk that neither mentions the bot nor
/// sits in a thread.
/// </summary>
public static partial class SlackTranslator
{
    /// <summary>Message subtypes that are people's messages like any other.</summary>
    private static readonly HashSet<string> PeopleSubtypes = ["thread_broadcast", "file_share"];

    /// <summary>A message event, translated, with its de-duplication key; null when the bot should ignore it.</summary>
    /// <remarks>
    /// The key is channel + ts, not <c>event_id</c>: it covers Slack's retries (same event) and the twin delivery of
    /// one message as <c>app_mention</c> and as <c>message.channels</c> (two event ids, one channel and ts).
    /// </remarks>
    public static (Inbound Inbound, string DedupeKey)? Message(JsonElement envelope, string? botUserId)
    {
        if (!envelope.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = Str(e, "type");
        if (type is not ("message" or "app_mention"))
        {
            return null;
        }

        if (e.TryGetProperty("bot_id", out _) || Str(e, "subtype") is { } subtype && !PeopleSubtypes.Contains(subtype))
        {
            return null;
        }

        var user = Str(e, "user");
        var channel = Str(e, "channel");
        var ts = Str(e, "ts");
        if (user is null || channel is null || ts is null || user == botUserId)
        {
            return null;
        }

        var text = Str(e, "text") ?? "";
        var mentioned = type == "app_mention" || (botUserId is not null && text.Contains($"<@{botUserId}>", StringComparison.Ordinal));
        var direct = Str(e, "channel_type") == "im" || channel.StartsWith('D');
        var thread = Str(e, "thread_ts") is { } t && t != ts ? t : null;
        if (!direct && !mentioned && thread is null)
        {
            // Top-level channel chatter: not for the bot.
            return null;
        }

        var team = Str(envelope, "team_id") ?? Str(e, "team") ?? "";
        return (new Inbound
        {
            Platform = SlackSender.PlatformName,
            TeamId = team,
            ConversationId = channel,
            ThreadId = thread,
            MessageId = ts,
            UserId = user,
            // Slack renders <@U…> as the person's name wherever the reply shows it.
            UserName = $"<@{user}>",
            Text = CleanText(text, botUserId),
            IsDirect = direct,
            IsMention = mentioned,
        }, $"slack:{team}:{channel}:{ts}");
    }

    /// <summary>A slash command (form fields), as a message to the bot.</summary>
    public static Inbound? Command(IReadOnlyDictionary<string, string> form)
    {
        if (!form.TryGetValue("channel_id", out var channel) || !form.TryGetValue("user_id", out var user) || channel.Length == 0 || user.Length == 0)
        {
            return null;
        }

        return new Inbound
        {
            Platform = SlackSender.PlatformName,
            TeamId = form.GetValueOrDefault("team_id", ""),
            ConversationId = channel,
            MessageId = form.GetValueOrDefault("trigger_id") is { Length: > 0 } trigger ? trigger : Guid.NewGuid().ToString("n"),
            UserId = user,
            UserName = $"<@{user}>",
            Text = form.GetValueOrDefault("text", ""),
            IsDirect = channel.StartsWith('D'),
            IsMention = true,
        };
    }

    /// <summary>A button press (<c>block_actions</c>): the button's value is the command it stands for.</summary>
    public static (Inbound Inbound, string DedupeKey)? Action(JsonElement payload, string? directChannel = null)
    {
        if (Str(payload, "type") != "block_actions" || !payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            return null;
        }

        var action = actions[0];
        var command = Str(action, "value");
        var user = payload.TryGetProperty("user", out var u) ? Str(u, "id") : null;
        var container = payload.TryGetProperty("container", out var c) ? c : default;
        var channel = directChannel ?? (payload.TryGetProperty("channel", out var ch) && ch.ValueKind == JsonValueKind.Object ? Str(ch, "id") : container.ValueKind == JsonValueKind.Object ? Str(container, "channel_id") : null);
        if (command is null || user is null || channel is null)
        {
            return null;
        }

        // The button sits on a message: a round's question (its ts is the round's thread) or a reply in a thread.
        var message = payload.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var thread = message.ValueKind == JsonValueKind.Object ? Str(message, "thread_ts") ?? Str(message, "ts") : container.ValueKind == JsonValueKind.Object ? Str(container, "thread_ts") ?? Str(container, "message_ts") : null;
        var team = payload.TryGetProperty("team", out var tm) && tm.ValueKind == JsonValueKind.Object ? Str(tm, "id") ?? "" : "";
        var actionTs = Str(action, "action_ts") ?? Guid.NewGuid().ToString("n");
        return (new Inbound
        {
            Platform = SlackSender.PlatformName,
            TeamId = team,
            ConversationId = channel,
            ThreadId = channel.StartsWith('D') ? null : thread,
            MessageId = actionTs,
            UserId = user,
            UserName = $"<@{user}>",
            Text = command,
            IsDirect = channel.StartsWith('D'),
            IsMention = true,
            IsAction = true,
        }, $"slack:{team}:action:{user}:{actionTs}");
    }

    /// <summary>A button pressed on the Home tab (a view, with no channel).</summary>
    public static bool IsHomeAction(JsonElement payload, out string user)
    {
        user = payload.TryGetProperty("user", out var u) ? Str(u, "id") ?? "" : "";
        return Str(payload, "type") == "block_actions" && user.Length > 0
            && payload.TryGetProperty("container", out var c) && Str(c, "type") == "view";
    }

    /// <summary>Removes the bot's mention and turns Slack's escapes back into the characters people typed.</summary>
    public static string CleanText(string text, string? botUserId)
    {
        if (botUserId is not null)
        {
            text = text.Replace($"<@{botUserId}>", "", StringComparison.Ordinal);
        }

        text = Link().Replace(text, m => m.Groups["label"].Success ? m.Groups["label"].Value : m.Groups["url"].Value);
        return text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal).Trim();
    }

    internal static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // <https://example.com|label> and <https://example.com>
    [GeneratedRegex(@"<(?<url>https?://[^|>]+)(\|(?<label>[^>]+))?>")]
    private static partial Regex Link();
}
