using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Slack;

/// <summary>What an intake step came to: a body to answer with (null: an empty ack), or a problem with the input (HTTP 400).</summary>
public readonly record struct SlackAnswer(JsonObject? Body, string? Problem)
{
    public static readonly SlackAnswer Empty = new(null, null);

    public static SlackAnswer Refused(string problem) => new(null, problem);
}

/// <summary>
/// The one road every Slack payload takes once it is trusted, whichever way it came (a signed HTTP request or a
/// Socket Mode envelope): events and button presses are stored in the inbox (de-duplicated by their own keys)
/// before the caller acks, slash commands are answered with the body the caller sends back, and a round's question
/// goes through the outbox. Keeping it in one place is what makes the two transports behave the same.
/// </summary>
public sealed partial class SlackIntake(
    SlackContext slack,
    IInbox inbox,
    IInboxSignal inboxSignal,
    IScheduleStore schedules,
    Coach coach,
    SlackApi api,
    IOutbox outbox,
    IOutboxSignal outboxSignal,
    TimeProvider time,
    ILogger<SlackIntake> logger)
{
    /// <summary>An Events API <c>event_callback</c> (the whole outer object): stored, or acted on, or ignored.</summary>
    public async Task EventAsync(JsonElement envelope, CancellationToken cancellationToken)
    {
        var eventType = envelope.TryGetProperty("event", out var e) ? SlackTranslator.Str(e, "type") : null;
        if (eventType is "app_uninstalled" or "tokens_revoked")
        {
            var team = SlackTranslator.Str(envelope, "team_id") ?? "";
            var stopped = await schedules.DeleteTeamAsync(SlackSender.PlatformName, team, cancellationToken);
            LogUninstalled(logger, eventType, team, stopped);
            return;
        }

        if (eventType == "app_home_opened" && SlackTranslator.Str(e, "tab") == "home" && SlackTranslator.Str(e, "user") is { } homeUser)
        {
            // After the ack: the Home tab is rebuilt from the store at every opening, so a lost publish costs nothing.
            _ = Task.Run(() => PublishHomeAsync(homeUser), CancellationToken.None);
            return;
        }

        if (SlackTranslator.Message(envelope, slack.BotUserId) is not var (inbound, key))
        {
            return;
        }

        // Stored before the ack: a crash after it loses nothing. A retry or a twin is acked and dropped.
        if (await inbox.AcceptAsync(key, inbound, time.GetUtcNow(), cancellationToken))
        {
            inboxSignal.Signal();
        }
    }

    /// <summary>A slash command's fields: the answer to send back (ephemeral or in the channel), or a problem.</summary>
    public async Task<SlackAnswer> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        if (SlackTranslator.Command(form) is not { } inbound)
        {
            return SlackAnswer.Refused("body is not a slash-command form (channel_id and user_id are required)");
        }

        if (inbound.Text.Trim().Equals("schedule", StringComparison.OrdinalIgnoreCase) && form.TryGetValue("trigger_id", out var trigger))
        {
            var opened = await api.CallAsync("views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = ScheduleModal.View(inbound.ConversationId) }, cancellationToken);
            if (opened.Ok)
            {
                return SlackAnswer.Empty;
            }
        }

        var replies = await coach.HandleAsync(inbound, cancellationToken);
        // A round's question is a new post in the channel (through the outbox); everything else answers the command.
        var posts = replies.Where(r => r.Placement == ReplyPlacement.NewPost).ToList();
        if (posts.Count > 0)
        {
            await outbox.EnqueueAsync([.. posts.Select((r, i) => OutboundMessage.Answering(inbound, r, $"slack-command:{inbound.MessageId}:{i}"))], time.GetUtcNow(), cancellationToken);
            outboxSignal.Signal();
        }

        var answers = replies.Where(r => r.Placement != ReplyPlacement.NewPost).ToList();
        if (answers.Count == 0)
        {
            return new SlackAnswer(new JsonObject { ["response_type"] = "ephemeral", ["text"] = "Posting the question…" }, null);
        }

        var blocks = new JsonArray();
        var texts = new List<string>();
        foreach (var reply in answers)
        {
            var (text, rendered) = BlockKit.Render(reply);
            texts.Add(text);
            foreach (var block in rendered.ToList())
            {
                rendered.Remove(block);
                blocks.Add(block);
            }
        }

        return new SlackAnswer(new JsonObject
        {
            ["response_type"] = answers.Any(r => r.Visibility == ReplyVisibility.Public) ? "in_channel" : "ephemeral",
            ["text"] = string.Join("\n", texts),
            ["blocks"] = blocks.Count <= BlockKit.MaxBlocks ? blocks : new JsonArray([.. blocks.Take(BlockKit.MaxBlocks).Select(b => b!.DeepClone())]),
        }, null);
    }

    /// <summary>An interactivity payload: a button press stored in the inbox, or the schedule form's answer.</summary>
    public async Task<SlackAnswer> InteractionAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        if (SlackTranslator.Str(payload, "type") == "view_submission")
        {
            return await ScheduleSubmittedAsync(payload, cancellationToken);
        }

        var action = SlackTranslator.Action(payload);
        if (action is null && SlackTranslator.IsHomeAction(payload, out var user))
        {
            // A button on the Home tab has no channel: answer in the person's direct message with the bot.
            if ((await api.OpenDirectMessageAsync(user, cancellationToken)).ChannelId is { } dm)
            {
                action = SlackTranslator.Action(payload, dm);
            }
        }

        if (action is var (inbound, key) && await inbox.AcceptAsync(key, inbound, time.GetUtcNow(), cancellationToken))
        {
            inboxSignal.Signal();
        }

        return SlackAnswer.Empty;
    }

    /// <summary>The schedule modal was submitted: refused with the reason next to the field, or saved and announced in the channel.</summary>
    private async Task<SlackAnswer> ScheduleSubmittedAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var (submission, malformed) = ScheduleModal.Read(payload);
        if (malformed is not null)
        {
            return SlackAnswer.Refused(malformed);
        }

        if (submission is not var (channel, command, zoneProblem))
        {
            return SlackAnswer.Empty;
        }

        if (zoneProblem is not null)
        {
            // A zone the form's field does not know is named next to that field (the command would read a word without a slash as a topic).
            return new SlackAnswer(new JsonObject { ["response_action"] = "errors", ["errors"] = new JsonObject { ["zone"] = zoneProblem } }, null);
        }

        var user = payload.TryGetProperty("user", out var u) ? SlackTranslator.Str(u, "id") ?? "" : "";
        var team = payload.TryGetProperty("team", out var t) ? SlackTranslator.Str(t, "id") ?? "" : "";
        var inbound = new Inbound
        {
            Platform = SlackSender.PlatformName,
            TeamId = team,
            ConversationId = channel,
            MessageId = SlackTranslator.Str(payload, "trigger_id") ?? Guid.NewGuid().ToString("n"),
            UserId = user,
            UserName = $"<@{user}>",
            Text = command,
            IsMention = true,
        };
        var reply = (await coach.HandleAsync(inbound, cancellationToken)).Single();
        if (reply.Kind == ReplyKind.Error)
        {
            var message = string.Join(' ', reply.Blocks.OfType<TextBlock>().Select(b => b.Text));
            var field = message.Contains("time zone", StringComparison.Ordinal) ? "zone" : message.Contains("not a time", StringComparison.Ordinal) ? "time" : "topic";
            return new SlackAnswer(new JsonObject { ["response_action"] = "errors", ["errors"] = new JsonObject { [field] = message } }, null);
        }

        await outbox.EnqueueAsync([new OutboundMessage($"slack-modal:{inbound.MessageId}", SlackSender.PlatformName, team, channel, null, reply.Visibility == ReplyVisibility.Private ? user : null, reply)], time.GetUtcNow(), cancellationToken);
        outboxSignal.Signal();
        return new SlackAnswer(new JsonObject { ["response_action"] = "clear" }, null);
    }

    private async Task PublishHomeAsync(string user)
    {
        try
        {
            var (_, blocks) = BlockKit.Render(await coach.HistoryAsync(SlackSender.PlatformName, user, CancellationToken.None));
            await api.CallAsync("views.publish", new JsonObject { ["user_id"] = user, ["view"] = new JsonObject { ["type"] = "home", ["blocks"] = blocks } }, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogHomeFailed(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Slack Home tab not published: {Reason}")]
    private static partial void LogHomeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Slack {EventType} for team {TeamId}: {Stopped} schedules stopped")]
    private static partial void LogUninstalled(ILogger logger, string eventType, string teamId, int stopped);
}
