using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Teams;

/// <summary>
/// What StarBot does with each kind of Teams activity, once the adapter has authenticated it. Messages are stored
/// in the inbox and answered by the worker (a crash after the ack loses nothing); a card's <c>Action.Execute</c>
/// is answered inside the request, as Teams requires; installs store the conversation reference and say hello;
/// uninstalls stop everything for that team.
/// </summary>
public sealed partial class TeamsBot(
    IInbox inbox,
    IInboxSignal inboxSignal,
    IOutbox outbox,
    IOutboxSignal outboxSignal,
    IConversationAddressStore addresses,
    IScheduleStore schedules,
    Coach coach,
    TimeProvider time,
    ILogger<TeamsBot> logger) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = (Activity)turnContext.Activity;
        if (TeamsTranslator.Message(activity) is not { } inbound)
        {
            return;
        }

        await RememberAsync(activity, cancellationToken);
        // Stored before the ack; a redelivery of the same activity is acked and dropped.
        if (await inbox.AcceptAsync($"teams:{activity.Conversation.Id}:{activity.Id}", inbound, time.GetUtcNow(), cancellationToken))
        {
            inboxSignal.Signal();
        }
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var activity = (Activity)turnContext.Activity;
        if (TeamsTranslator.Message(activity) is not { IsAction: true } inbound)
        {
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 400,
                Type = "application/vnd.microsoft.error",
                Value = new Error("BadRequest", "This card action is not one of StarBot's (its data names no command)."),
            };
        }

        await RememberAsync(activity, cancellationToken);
        var replies = await coach.HandleAsync(inbound, cancellationToken);
        // The card that answers goes back in the response; a round's question (a new post) and anything more go out as messages.
        var answer = replies.FirstOrDefault(r => r.Placement != ReplyPlacement.NewPost) ?? RoundReplies.Notice("Posting the question…");
        var rest = replies.Where(r => !ReferenceEquals(r, answer)).Select((r, i) => OutboundMessage.Answering(inbound, r, $"teams-invoke:{activity.Id}:{i}")).ToList();
        if (rest.Count > 0)
        {
            await outbox.EnqueueAsync(rest, time.GetUtcNow(), cancellationToken);
            outboxSignal.Signal();
        }

        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = AdaptiveCardRenderer.ContentType,
            Value = AdaptiveCardRenderer.RenderForSdk(answer),
        };
    }

    /// <summary>
    /// The bot added to (or removed from) a team or chat. Handled here, not through TeamsActivityHandler's
    /// member events, which look each added person up in the Bot Connector: a network call StarBot does not need.
    /// </summary>
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = (Activity)turnContext.Activity;
        var botId = activity.Recipient?.Id;
        if (activity.MembersAdded?.Any(m => m.Id == botId) == true)
        {
            await InstalledAsync(activity, cancellationToken);
        }
        else if (activity.MembersRemoved?.Any(m => m.Id == botId) == true)
        {
            await UninstalledAsync(activity, cancellationToken);
        }
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        InstalledAsync((Activity)turnContext.Activity, cancellationToken);

    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        UninstalledAsync((Activity)turnContext.Activity, cancellationToken);

    private async Task InstalledAsync(Activity activity, CancellationToken cancellationToken)
    {
        await RememberAsync(activity, cancellationToken, force: true);
        var conversation = TeamsTranslator.SplitConversationId(activity.Conversation.Id).Conversation;
        var now = time.GetUtcNow();
        var welcome = RoundReplies.Help("Hello! I'm StarBot, your coach for behavioural interview answers in the STAR shape (Situation, Task, Action, Result). Mention me with a command:");
        // Teams sends both conversationUpdate and installationUpdate for one install: the key makes it one welcome a day.
        await outbox.EnqueueAsync([new OutboundMessage($"teams-welcome:{conversation}:{now:yyyy-MM-dd}", TeamsTranslator.Platform, TeamsTranslator.TeamIdOf(activity), conversation, null, null, welcome)], now, cancellationToken);
        outboxSignal.Signal();
        LogInstalled(logger, conversation, activity.Conversation.ConversationType ?? "?");
    }

    private async Task UninstalledAsync(Activity activity, CancellationToken cancellationToken)
    {
        var team = TeamsTranslator.TeamIdOf(activity);
        var conversations = await addresses.DeactivateTeamAsync(TeamsTranslator.Platform, team, time.GetUtcNow(), cancellationToken);
        var stopped = await schedules.DeleteTeamAsync(TeamsTranslator.Platform, team, cancellationToken);
        LogUninstalled(logger, team, conversations, stopped);
    }

    /// <summary>Keeps the conversation's reference (service URL, tenant, bot) so the worker and the scheduler can reach it later.</summary>
    private async Task RememberAsync(Activity activity, CancellationToken cancellationToken, bool force = false)
    {
        var reference = JsonConvert.SerializeObject(TeamsTranslator.ReferenceOf(activity));
        var conversation = TeamsTranslator.SplitConversationId(activity.Conversation.Id).Conversation;
        var known = force ? null : await addresses.GetAsync(TeamsTranslator.Platform, conversation, cancellationToken);
        if (known is { Active: true } && known.Reference == reference)
        {
            return;
        }

        await addresses.SaveAsync(new ConversationAddress(TeamsTranslator.Platform, conversation, TeamsTranslator.TeamIdOf(activity), reference, true, time.GetUtcNow()), cancellationToken);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Teams: installed in {ConversationId} ({ConversationType})")]
    private static partial void LogInstalled(ILogger logger, string conversationId, string conversationType);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Teams: removed from {TeamId}; {Conversations} conversations made inactive, {Schedules} schedules stopped")]
    private static partial void LogUninstalled(ILogger logger, string teamId, int conversations, int schedules);
}
