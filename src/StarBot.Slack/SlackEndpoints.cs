using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;
using StarBot.Web;

namespace StarBot.Slack;

/// <summary>
/// <c>POST /slack/events</c>, <c>/slack/commands</c>, <c>/slack/interactions</c>. Each request is read raw (up to
/// a size cap), verified against its signature before anything parses it, then translated. Events and button
/// presses are stored in the inbox and acked at once; slash commands are answered in the response body.
/// </summary>
public static partial class SlackEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/slack/events", EventsAsync);
        app.MapPost("/slack/commands", CommandsAsync);
        app.MapPost("/slack/interactions", InteractionsAsync);
    }

    private static async Task<IResult> EventsAsync(HttpContext http, SlackContext slack, IInbox inbox, IInboxSignal signal, IScheduleStore schedules, Coach coach, SlackApi api, TimeProvider time, ILogger<SlackContext> logger)
    {
        var (failure, body) = await ReadVerifiedAsync(http, slack, time);
        if (failure is not null)
        {
            return failure;
        }

        var (envelope, problem) = JsonBody.ParseObject(body, "body");
        if (problem is not null)
        {
            return Results.Text(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        switch (SlackTranslator.Str(envelope, "type"))
        {
            case "url_verification":
                return Results.Json(new { challenge = SlackTranslator.Str(envelope, "challenge") ?? "" });
            case "event_callback":
                break;
            default:
                return Results.Ok();
        }

        var eventType = envelope.TryGetProperty("event", out var e) ? SlackTranslator.Str(e, "type") : null;
        if (eventType is "app_uninstalled" or "tokens_revoked")
        {
            var team = SlackTranslator.Str(envelope, "team_id") ?? "";
            var stopped = await schedules.DeleteTeamAsync(SlackSender.PlatformName, team, http.RequestAborted);
            LogUninstalled(logger, eventType, team, stopped);
            return Results.Ok();
        }

        if (eventType == "app_home_opened" && SlackTranslator.Str(e, "tab") == "home" && SlackTranslator.Str(e, "user") is { } homeUser)
        {
            // After the ack: the Home tab is rebuilt from the store at every opening, so a lost publish costs nothing.
            _ = Task.Run(() => PublishHomeAsync(coach, api, homeUser, logger), CancellationToken.None);
            return Results.Ok();
        }

        if (SlackTranslator.Message(envelope, slack.BotUserId) is not var (inbound, key))
        {
            return Results.Ok();
        }

        // Stored before the ack: a crash after it loses nothing. A retry or a twin is acked and dropped.
        if (await inbox.AcceptAsync(key, inbound, time.GetUtcNow(), http.RequestAborted))
        {
            signal.Signal();
        }

        return Results.Ok();
    }

    private static async Task<IResult> CommandsAsync(HttpContext http, SlackContext slack, Coach coach, IOutbox outbox, IOutboxSignal signal, SlackApi api, TimeProvider time)
    {
        var (failure, body) = await ReadVerifiedAsync(http, slack, time);
        if (failure is not null)
        {
            return failure;
        }

        if (ParseForm(body) is not { } form || SlackTranslator.Command(form) is not { } inbound)
        {
            return Results.Text("body is not a slash-command form (channel_id and user_id are required)", statusCode: StatusCodes.Status400BadRequest);
        }

        if (inbound.Text.Trim().Equals("schedule", StringComparison.OrdinalIgnoreCase) && form.TryGetValue("trigger_id", out var trigger))
        {
            var opened = await api.CallAsync("views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = ScheduleModal.View(inbound.ConversationId) }, http.RequestAborted);
            if (opened.Ok)
            {
                return Results.Ok();
            }
        }

        var replies = await coach.HandleAsync(inbound, http.RequestAborted);
        // A round's question is a new post in the channel (through the outbox); everything else answers the command.
        var posts = replies.Where(r => r.Placement == ReplyPlacement.NewPost).ToList();
        if (posts.Count > 0)
        {
            await outbox.EnqueueAsync([.. posts.Select((r, i) => OutboundMessage.Answering(inbound, r, $"slack-command:{inbound.MessageId}:{i}"))], time.GetUtcNow(), http.RequestAborted);
            signal.Signal();
        }

        var answers = replies.Where(r => r.Placement != ReplyPlacement.NewPost).ToList();
        if (answers.Count == 0)
        {
            return Results.Json(new { response_type = "ephemeral", text = "Posting the question…" });
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

        return Results.Json(new JsonObject
        {
            ["response_type"] = answers.Any(r => r.Visibility == ReplyVisibility.Public) ? "in_channel" : "ephemeral",
            ["text"] = string.Join("\n", texts),
            ["blocks"] = blocks.Count <= BlockKit.MaxBlocks ? blocks : new JsonArray([.. blocks.Take(BlockKit.MaxBlocks).Select(b => b!.DeepClone())]),
        });
    }

    private static async Task<IResult> InteractionsAsync(HttpContext http, SlackContext slack, IInbox inbox, IInboxSignal signal, SlackApi api, Coach coach, IOutbox outbox, IOutboxSignal outboxSignal, TimeProvider time)
    {
        var (failure, body) = await ReadVerifiedAsync(http, slack, time);
        if (failure is not null)
        {
            return failure;
        }

        if (ParseForm(body) is not { } form || !form.TryGetValue("payload", out var json))
        {
            return Results.Text("body is not an interactivity form (a payload field is required)", statusCode: StatusCodes.Status400BadRequest);
        }

        var (payload, problem) = JsonBody.ParseObject(json, "payload");
        if (problem is not null)
        {
            return Results.Text(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        if (SlackTranslator.Str(payload, "type") == "view_submission")
        {
            return await ScheduleSubmittedAsync(payload, coach, outbox, outboxSignal, time, http.RequestAborted);
        }

        var action = SlackTranslator.Action(payload);
        if (action is null && SlackTranslator.IsHomeAction(payload, out var user))
        {
            // A button on the Home tab has no channel: answer in the person's direct message with the bot.
            if ((await api.OpenDirectMessageAsync(user, http.RequestAborted)).ChannelId is { } dm)
            {
                action = SlackTranslator.Action(payload, dm);
            }
        }

        if (action is var (inbound, key) && await inbox.AcceptAsync(key, inbound, time.GetUtcNow(), http.RequestAborted))
        {
            signal.Signal();
        }

        return Results.Ok();
    }

    /// <summary>The schedule modal was submitted: refused with the reason next to the field, or saved and announced in the channel.</summary>
    private static async Task<IResult> ScheduleSubmittedAsync(JsonElement payload, Coach coach, IOutbox outbox, IOutboxSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var (submission, malformed) = ScheduleModal.Read(payload);
        if (malformed is not null)
        {
            return Results.Text(malformed, statusCode: StatusCodes.Status400BadRequest);
        }

        if (submission is not var (channel, command, zoneProblem))
        {
            return Results.Ok();
        }

        if (zoneProblem is not null)
        {
            return Results.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = new JsonObject { ["zone"] = zoneProblem } });
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
            return Results.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = new JsonObject { [field] = message } });
        }

        await outbox.EnqueueAsync([new OutboundMessage($"slack-modal:{inbound.MessageId}", SlackSender.PlatformName, team, channel, null, reply.Visibility == ReplyVisibility.Private ? user : null, reply)], time.GetUtcNow(), cancellationToken);
        signal.Signal();
        return Results.Json(new { response_action = "clear" });
    }

    private static async Task PublishHomeAsync(Coach coach, SlackApi api, string user, ILogger logger)
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

    /// <summary>Reads the raw body (refusing oversized ones) and checks its signature; a failure result, or the body.</summary>
    private static async Task<(IResult? Failure, byte[] Body)> ReadVerifiedAsync(HttpContext http, SlackContext slack, TimeProvider time)
    {
        var (body, refusal) = await RequestBody.ReadAsync(http.Request, slack.Options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return (Results.StatusCode(refusal), []);
        }

        var check = SlackSignature.Verify(slack.Options.SigningSecret!, http.Request.Headers["X-Slack-Request-Timestamp"], http.Request.Headers["X-Slack-Signature"], body, time.GetUtcNow(), slack.Options.MaxClockSkew);
        // 401 with nothing echoed: no hint of which check failed.
        return check == SignatureCheck.Valid ? (null, body) : (Results.StatusCode(StatusCodes.Status401Unauthorized), []);
    }

    private static Dictionary<string, string>? ParseForm(byte[] body)
    {
        try
        {
            var parsed = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            return parsed.Count == 0 ? null : parsed.ToDictionary(p => p.Key, p => p.Value.ToString());
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Slack Home tab not published: {Reason}")]
    private static partial void LogHomeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Slack {EventType} for team {TeamId}: {Stopped} schedules stopped")]
    private static partial void LogUninstalled(ILogger logger, string eventType, string teamId, int stopped);
}

/// <summary>What the Slack edge knows at run time: its options and, once <c>auth.test</c> answered, the bot's user id.</summary>
public sealed class SlackContext(IOptions<SlackOptions> options)
{
    public SlackOptions Options => options.Value;

    public string? BotUserId { get; set; }
}
