using System.Text.Json.Nodes;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Slack;

/// <summary>Delivers outbox messages to Slack: <c>chat.postMessage</c>, or <c>chat.postEphemeral</c> for private replies in channels.</summary>
public sealed class SlackSender(SlackApi api) : IMessageSender
{
    public const string PlatformName = "slack";

    public string Platform => PlatformName;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var (text, blocks) = BlockKit.Render(message.Reply);
        var arguments = new JsonObject { ["channel"] = message.ConversationId, ["text"] = text, ["blocks"] = blocks };
        // A round's question opens its own thread: it is a top-level post wherever it was asked.
        if (message.ThreadId is { } thread && message.Reply.Placement != ReplyPlacement.NewPost)
        {
            arguments["thread_ts"] = thread;
        }

        // In a direct message everything is private already. Elsewhere a private reply is ephemeral, except feedback
        // on an answer: ephemeral messages are gone after a reload, and feedback is worth keeping, so it goes to the
        // person's direct message with the bot.
        var ephemeral = message.RecipientUserId is not null && !message.ConversationId.StartsWith('D');
        if (ephemeral && message.Reply.Kind == ReplyKind.Feedback)
        {
            var (opened, dmId) = await api.OpenDirectMessageAsync(message.RecipientUserId!, cancellationToken);
            if (dmId is null)
            {
                return opened.Transient ? new SendResult.Retry(opened.RetryAfter, opened.Error ?? "transient") : new SendResult.Refused($"conversations.open: {opened.Error}");
            }

            arguments["channel"] = dmId;
            arguments.Remove("thread_ts");
            ephemeral = false;
        }
        else if (ephemeral)
        {
            arguments["user"] = message.RecipientUserId;
        }

        var result = await api.CallAsync(ephemeral ? "chat.postEphemeral" : "chat.postMessage", arguments, cancellationToken);
        if (result.Ok)
        {
            return new SendResult.Delivered(result.Body.TryGetProperty(ephemeral ? "message_ts" : "ts", out var ts) ? ts.GetString() : null);
        }

        if (result.Transient)
        {
            return new SendResult.Retry(result.RetryAfter, result.Error ?? "transient");
        }

        if (result.Error is "not_in_channel" or "channel_not_found" && message.RequestedBy is { } person && !message.ConversationId.StartsWith('D'))
        {
            // The bot cannot speak where it was asked (typically /star practice in a channel it was never invited
            // to): tell the person who asked, in their direct message with the bot, what to do about it.
            return new SendResult.Refused(await TellWhyNotAsync(person, message.ConversationId, result.Error, cancellationToken));
        }

        // Any other error (channel archived, token revoked, blocks refused …) is one no retry will cure.
        return result.Error is { } error ? new SendResult.Refused(error) : new SendResult.Retry(null, "unknown");
    }

    private async Task<string> TellWhyNotAsync(string userId, string channel, string error, CancellationToken cancellationToken)
    {
        var (opened, dmId) = await api.OpenDirectMessageAsync(userId, cancellationToken);
        if (dmId is null)
        {
            return $"{error}; could not tell {userId} ({opened.Error})";
        }

        var text = error == "not_in_channel"
            ? $"I can't post in <#{channel}> because I'm not a member of it. Invite me there with `/invite @StarBot`, then try again."
            : $"I can't post in <#{channel}>: it is private or I was removed from it. Invite me there with `/invite @StarBot`, then try again.";
        var told = await api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = dmId, ["text"] = text }, cancellationToken);
        return told.Ok ? $"{error}; told {userId}" : $"{error}; could not tell {userId} ({told.Error})";
    }
}
