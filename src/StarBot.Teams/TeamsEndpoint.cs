using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StarBot.Web;

namespace StarBot.Teams;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework messaging endpoint. The body is read (up to a cap) and checked
/// before the SDK sees it: a body that is not an activity is a 400 with the reason. Then the adapter
/// authenticates the request (the JWT from the Bot Framework; none in the Emulator's mode, which answers direct
/// loopback callers only and replies only to a loopback <c>serviceUrl</c>) and runs the turn. Token problems are 401 whatever the SDK throws; a store that cannot take the message is 503,
/// so Teams tries again. Never a 500.
/// </summary>
public static partial class TeamsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/messages", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext http, TeamsAdapter adapter, TeamsBot bot, IOptions<TeamsOptions> options, ILogger<TeamsAdapter> logger)
    {
        var o = options.Value;
        if (o.EmulatorMode && LoopbackOnly.Refusal(http) is { } notLoopback)
        {
            return Results.Text($"Teams:Emulator is on: {notLoopback}", statusCode: StatusCodes.Status403Forbidden);
        }

        var (body, refusal) = await RequestBody.ReadAsync(http.Request, o.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Results.Text(refusal == StatusCodes.Status413PayloadTooLarge ? $"body larger than {o.MaxBodyBytes} bytes" : "body shorter than its Content-Length",
                statusCode: refusal);
        }

        var (problem, activity) = Parse(body);
        if (activity is null)
        {
            return Results.Text(problem ?? "body is not an activity", statusCode: StatusCodes.Status400BadRequest);
        }

        // Unauthenticated, the serviceUrl is the caller's to choose: anything but this machine would make the bot post wherever it is told.
        if (o.EmulatorMode && !LoopbackOnly.IsLoopback(activity.ServiceUrl))
        {
            return Results.Text("Teams:Emulator is on: replies go only to a loopback serviceUrl", statusCode: StatusCodes.Status403Forbidden);
        }

        // The Emulator without an app id sends no token; a stray header must not send the SDK to Entra ID for keys.
        var authorization = o.EmulatorMode ? null : http.Request.Headers.Authorization.ToString();
        InvokeResponse? response;
        try
        {
            response = await adapter.RunTurnAsync(authorization, activity, bot.OnTurnAsync, http.RequestAborted);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException or SecurityTokenException)
        {
            // The reason is logged, the token never; the caller learns only that it was refused.
            LogUnauthorized(logger, e.GetType().Name, e.Message);
            return Results.Text("the request's Bot Framework token is missing or not valid for this bot", statusCode: StatusCodes.Status401Unauthorized);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, activity.Type, e);
            return Results.Text("StarBot could not take this activity just now; try again", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (response is null)
        {
            return Results.Ok();
        }

        return Results.Content(response.Body is null ? "" : JsonConvert.SerializeObject(response.Body, Serialization), "application/json", null, response.Status);
    }

    private static readonly JsonSerializerSettings Serialization = new() { NullValueHandling = NullValueHandling.Ignore };

    /// <summary>The activity, or what is wrong with the body: what the SDK would otherwise fail on deep inside a turn.</summary>
    internal static (string? Problem, Activity? Activity) Parse(byte[] body)
    {
        JObject json;
        try
        {
            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body))) { DateParseHandling = DateParseHandling.None };
            if (JToken.ReadFrom(reader) is not JObject o)
            {
                return ("body is not a JSON object", null);
            }

            json = o;
        }
        catch (JsonException)
        {
            return ("body is not JSON", null);
        }

        if (json["type"] is not JValue { Type: JTokenType.String } type || string.IsNullOrWhiteSpace((string?)type))
        {
            return ("activity has no type", null);
        }

        if (json["from"] is not JObject from || from["id"] is not JValue { Type: JTokenType.String })
        {
            return ("activity has no from.id", null);
        }

        if (json["conversation"] is not JObject conversation || conversation["id"] is not JValue { Type: JTokenType.String })
        {
            return ("activity has no conversation.id", null);
        }

        if (json["serviceUrl"] is not JValue { Type: JTokenType.String } serviceUrl
            || !Uri.TryCreate((string?)serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ("activity has no http(s) serviceUrl", null);
        }

        // Fields the SDK and the bot read as typed objects: another shape would fail inside the turn.
        foreach (var name in (string[])["channelData", "recipient"])
        {
            if (json[name] is { Type: not (JTokenType.Object or JTokenType.Null) })
            {
                return ($"activity's {name} is not a JSON object", null);
            }
        }

        foreach (var name in (string[])["entities", "membersAdded", "membersRemoved", "attachments"])
        {
            if (json[name] is { Type: not JTokenType.Null } list && (list is not JArray array || array.Any(item => item.Type != JTokenType.Object)))
            {
                return ($"activity's {name} is not an array of objects", null);
            }
        }

        try
        {
            return (null, json.ToObject<Activity>(JsonSerializer.Create(new JsonSerializerSettings { DateParseHandling = DateParseHandling.DateTimeOffset })));
        }
        catch (JsonException e)
        {
            return ($"activity does not match the Bot Framework schema: {e.Message}", null);
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Teams: request refused, {Kind}: {Reason}")]
    private static partial void LogUnauthorized(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "Teams: a {ActivityType} activity could not be handled")]
    private static partial void LogFailed(ILogger logger, string activityType, Exception exception);
}
