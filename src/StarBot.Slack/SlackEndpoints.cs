using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StarBot.Web;

namespace StarBot.Slack;

/// <summary>
/// <c>POST /slack/events</c>, <c>/slack/commands</c>, <c>/slack/interactions</c>. Each request is read raw (up to
/// a size cap), verified against its signature before anything parses it, then handed to <see cref="SlackIntake"/>
/// (the road Socket Mode envelopes take too): events and button presses are stored in the inbox and acked at once;
/// slash commands are answered in the response body.
/// </summary>
public static class SlackEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/slack/events", EventsAsync);
        app.MapPost("/slack/commands", CommandsAsync);
        app.MapPost("/slack/interactions", InteractionsAsync);
    }

    private static async Task<IResult> EventsAsync(HttpContext http, SlackContext slack, SlackIntake intake, TimeProvider time)
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
                await intake.EventAsync(envelope, http.RequestAborted);
                return Results.Ok();
            default:
                return Results.Ok();
        }
    }

    private static async Task<IResult> CommandsAsync(HttpContext http, SlackContext slack, SlackIntake intake, TimeProvider time)
    {
        var (failure, body) = await ReadVerifiedAsync(http, slack, time);
        if (failure is not null)
        {
            return failure;
        }

        return ParseForm(body) is { } form
            ? Answer(await intake.CommandAsync(form, http.RequestAborted))
            : Results.Text("body is not a slash-command form (channel_id and user_id are required)", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> InteractionsAsync(HttpContext http, SlackContext slack, SlackIntake intake, TimeProvider time)
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
        return problem is not null
            ? Results.Text(problem, statusCode: StatusCodes.Status400BadRequest)
            : Answer(await intake.InteractionAsync(payload, http.RequestAborted));
    }

    /// <summary>The intake's answer as HTTP: 400 with the problem, 200 with the body, or an empty 200.</summary>
    private static IResult Answer(SlackAnswer answer) =>
        answer.Problem is { } problem ? Results.Text(problem, statusCode: StatusCodes.Status400BadRequest)
        : answer.Body is { } body ? Results.Json(body)
        : Results.Ok();

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
}

/// <summary>What the Slack edge knows at run time: its options and, once <c>auth.test</c> answered, the bot's user id.</summary>
public sealed class SlackContext(IOptions<SlackOptions> options)
{
    public SlackOptions Options => options.Value;

    public string? BotUserId { get; set; }
}
