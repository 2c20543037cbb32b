using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Teams;

/// <summary>
/// Delivers outbox messages to Teams through the Bot Connector, from the stored conversation reference
/// (<c>ContinueConversationAsync</c>), so a reply needs no live request and a daily post needs no message at all:
/// replies in a channel go into the round's reply chain; a round's question asked in a channel opens the round in
/// the asking message's chain; the daily question is a new channel post (create conversation); private feedback
/// goes to a one-to-one chat with the person. Throttling and server errors go back to the outbox to retry.
/// </summary>
public sealed class TeamsSender(TeamsAdapter adapter, IConversationAddressStore addresses, IOptions<TeamsOptions> options) : IMessageSender
{
    public string Platform => TeamsTranslator.Platform;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var address = await addresses.GetAsync(Platform, message.ConversationId, cancellationToken);
        if (address is null)
        {
            return new SendResult.Refused($"no conversation reference stored for {message.ConversationId}");
        }

        if (!address.Active)
        {
            return new SendResult.Refused("StarBot was removed from this conversation");
        }

        var reference = JsonConvert.DeserializeObject<ConversationReference>(address.Reference)!;
        if (options.Value.EmulatorMode && !StarBot.Web.LoopbackOnly.IsLoopback(reference.ServiceUrl))
        {
            // A reference stored before the Emulator's mode was limited to loopback (or by hand) is not followed off this machine.
            return new SendResult.Refused("Teams:Emulator is on: replies go only to a loopback serviceUrl");
        }

        var chat = reference.Conversation.ConversationType is "personal" or "groupChat";
        var reply = message.Reply;
        if (!chat && reply.Placement == ReplyPlacement.NewPost)
        {
            // Without resource-specific consent Teams gives the bot only the replies that mention it: say so where people answer.
            reply = reply with { Blocks = [.. reply.Blocks, new TextBlock("Start your reply with **@StarBot** so that I see it.")] };
        }

        var activity = CardActivity(reply);
        var appId = options.Value.MicrosoftAppId ?? "";
        try
        {
            if (message.RecipientUserId is { } user && reference.Conversation.ConversationType != "personal")
            {
                return await PrivatelyAsync(appId, reference, user, activity, cancellationToken);
            }

            if (!chat && message.Reply.Placement == ReplyPlacement.NewPost && message.ThreadId is null)
            {
                return await NewChannelPostAsync(appId, reference, activity, cancellationToken);
            }

            var thread = chat ? null : message.ThreadId;
            if (thread is not null)
            {
                // A reply chain is its own conversation id: the channel's, with the root post's id after ";messageid=".
                reference.Conversation.Id = $"{reference.Conversation.Id};messageid={thread}";
                reference.ActivityId = thread;
            }

            // The continuation's id is what the SDK replies to: the chain's root in a channel, nothing in a chat.
            var continuation = reference.GetContinuationActivity();
            continuation.Id = reference.ActivityId;
            string? id = null;
            await adapter.ContinueConversationAsync(appId, continuation, async (turn, ct) => id = (await turn.SendActivityAsync(activity, ct))?.Id, cancellationToken);
            // A round's question answered in the asking message's chain: the chain is the round's thread.
            return new SendResult.Delivered(message.Reply.Placement == ReplyPlacement.NewPost && thread is not null ? thread : id);
        }
        catch (ErrorResponseException e) when (e.Response is not null)
        {
            return Classify(e.Response.StatusCode, e.Response.Headers, e.Body?.Error?.Code ?? e.Message);
        }
    }

    /// <summary>The reply as a message with one Adaptive Card; the title is the notification's preview.</summary>
    public static Activity CardActivity(Reply reply)
    {
        var card = new Attachment(AdaptiveCardRenderer.ContentType, content: AdaptiveCardRenderer.RenderForSdk(reply));
        var activity = (Activity)MessageFactory.Attachment(card);
        activity.Summary = reply.Title;
        return activity;
    }

    internal static SendResult Classify(HttpStatusCode status, IDictionary<string, IEnumerable<string>>? headers, string reason)
    {
        var code = (int)status;
        if (status == HttpStatusCode.TooManyRequests || code >= 500 || status == HttpStatusCode.RequestTimeout)
        {
            TimeSpan? after = null;
            if (headers is not null && headers.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault() is { } value
                && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                after = TimeSpan.FromSeconds(seconds);
            }

            return new SendResult.Retry(after ?? (status == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null), $"{code} {reason}");
        }

        // 403 (the bot was removed, or may not post there), 404 (no such conversation), 400: no retry will cure them.
        return new SendResult.Refused($"{code} {reason}");
    }

    private async Task<SendResult> NewChannelPostAsync(string appId, ConversationReference reference, Activity activity, CancellationToken cancellationToken)
    {
        var parameters = new ConversationParameters
        {
            IsGroup = true,
            Bot = reference.Bot,
            TenantId = reference.Conversation.TenantId,
            ChannelData = new JObject { ["channel"] = new JObject { ["id"] = reference.Conversation.Id } },
            Activity = activity,
        };
        string? postId = null;
        await adapter.CreateConversationAsync(appId, reference.ChannelId, reference.ServiceUrl, null, parameters, (turn, _) =>
        {
            // The new post's id: the root of its reply chain, where the round's answers arrive.
            postId = TeamsTranslator.SplitConversationId(turn.Activity.Conversation.Id).Chain ?? turn.Activity.Id;
            return Task.CompletedTask;
        }, cancellationToken);
        return new SendResult.Delivered(postId);
    }

    private async Task<SendResult> PrivatelyAsync(string appId, ConversationReference reference, string userId, Activity activity, CancellationToken cancellationToken)
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = reference.Bot,
            Members = [new ChannelAccount(userId)],
            TenantId = reference.Conversation.TenantId,
            ChannelData = new JObject { ["tenant"] = new JObject { ["id"] = reference.Conversation.TenantId } },
        };
        string? id = null;
        await adapter.CreateConversationAsync(appId, reference.ChannelId, reference.ServiceUrl, null, parameters, async (turn, ct) =>
        {
            // Sent to the new chat itself: through the turn it would be a reply to the SDK's made-up "created" event.
            activity.Conversation = turn.Activity.Conversation;
            activity.From = reference.Bot;
            activity.Recipient = new ChannelAccount(userId);
            id = (await turn.TurnState.Get<IConnectorClient>().Conversations.SendToConversationAsync(activity, ct))?.Id;
        }, cancellationToken);
        return new SendResult.Delivered(id);
    }
}
