using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using StarBot.Core.Conversation;

namespace StarBot.Teams;

/// <summary>
/// Turns a Teams activity into an <see cref="Inbound"/>: the bot's mention stripped, the channel and reply chain
/// found from the <c>;messageid=</c> suffix of the conversation id (never from <c>replyToId</c>), and a card
/// button's data read as the command it stands for. Null for what the bot must not answer (its own messages).
/// </summary>
public static class TeamsTranslator
{
    public const string Platform = "teams";
    private const string MessageIdMarker = ";messageid=";

    /// <summary>The channel part and the reply chain of a conversation id.</summary>
    public static (string Conversation, string? Chain) SplitConversationId(string conversationId)
    {
        var at = conversationId.IndexOf(MessageIdMarker, StringComparison.Ordinal);
        return at < 0 ? (conversationId, null) : (conversationId[..at], conversationId[(at + MessageIdMarker.Length)..]);
    }

    /// <summary>
    /// The install a conversation belongs to: its team for a channel, else the chat itself. Uninstalling from a team
    /// stops every channel of that team, and nothing of another team in the same tenant.
    /// </summary>
    public static string TeamIdOf(Activity activity) =>
        activity.GetChannelData<TeamsChannelData>()?.Team?.Id is { Length: > 0 } team ? team : SplitConversationId(activity.Conversation?.Id ?? "").Conversation;

    /// <summary>Where to reach the conversation later: the reference with the reply chain and the activity taken off.</summary>
    public static ConversationReference ReferenceOf(Activity activity)
    {
        var reference = activity.GetConversationReference();
        // Only what addresses the conversation: who spoke last, and in which locale, would make it change with every message.
        reference.ActivityId = null;
        reference.User = null;
        reference.Locale = null;
        reference.Conversation = new ConversationAccount(reference.Conversation.IsGroup, reference.Conversation.ConversationType,
            SplitConversationId(reference.Conversation.Id).Conversation, reference.Conversation.Name, reference.Conversation.AadObjectId, reference.Conversation.Role, reference.Conversation.TenantId);
        return reference;
    }

    /// <summary>A message, or a card's <c>Action.Execute</c> (an invoke), as an <see cref="Inbound"/>.</summary>
    public static Inbound? Message(Activity activity)
    {
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke) || activity.From?.Id is null || activity.Conversation?.Id is null)
        {
            return null;
        }

        // Teams does not echo a bot's own posts; a relayed or forged one must still never be answered.
        if (activity.From.Id == activity.Recipient?.Id || activity.From.Role == RoleTypes.Bot)
        {
            return null;
        }

        var command = CommandFromValue(activity.Value);
        var mentioned = activity.GetMentions().Any(m => m.Mentioned?.Id == activity.Recipient?.Id);
        var text = command ?? StripMention(activity);
        // Chats (personal and group) have no reply chains: like a direct message, one round at a time, and Teams
        // delivers only what is meant for the bot (every personal message; in a group chat, mentions).
        var chat = activity.Conversation.ConversationType is "personal" or "groupChat";
        var (conversation, chain) = SplitConversationId(activity.Conversation.Id);
        return new Inbound
        {
            Platform = Platform,
            TeamId = TeamIdOf(activity),
            ConversationId = conversation,
            // A channel message is in the reply chain of its root post; the root post names itself.
            ThreadId = chat ? null : chain ?? activity.Id,
            MessageId = activity.Id ?? Guid.NewGuid().ToString("n"),
            UserId = activity.From.Id,
            UserName = activity.From.Name ?? activity.From.Id,
            Text = text,
            IsDirect = chat,
            IsMention = mentioned || command is not null,
            IsAction = command is not null,
            // The sender's client sets it (an IANA name) on messages it sends; a schedule without a zone takes it.
            UserTimeZone = string.IsNullOrWhiteSpace(activity.LocalTimezone) ? null : activity.LocalTimezone,
        };
    }

    /// <summary>The command a card button stands for: StarBot's own cards carry <c>{"command":…}</c>; known card verbs are mapped.</summary>
    public static string? CommandFromValue(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var data = value as JObject ?? JObject.FromObject(value);
        if (data["action"] is JObject { } execute && execute["type"]?.ToString() == "Action.Execute")
        {
            var verb = execute["verb"]?.ToString();
            data = execute["data"] as JObject ?? [];
            data["action"] = verb;
        }

        if (data["command"]?.ToString() is { Length: > 0 } command)
        {
            return command;
        }

        var question = data["questionId"]?.ToString();
        var topic = data["topic"]?.ToString();
        return data["action"]?.ToString() switch
        {
            "show_example" or "showExample" when question is not null => $"example {question}",
            "practise" or "practice" or "practiseQuestion" => question is null ? "practice" : $"practice {question}",
            "another_question" or "anotherQuestion" => topic is null ? "question" : $"question {topic}",
            "close_round" or "closeRound" or "done" => "done",
            _ => null,
        };
    }

    private static string StripMention(Activity activity)
    {
        var text = activity.RemoveRecipientMention() ?? activity.Text ?? "";
        // RemoveRecipientMention matches the mention entity's text; an <at> tag left over (entity missing) goes too.
        var name = activity.Recipient?.Name;
        if (name is not null)
        {
            text = text.Replace($"<at>{name}</at>", "", StringComparison.OrdinalIgnoreCase);
        }

        return text.Trim();
    }
}
