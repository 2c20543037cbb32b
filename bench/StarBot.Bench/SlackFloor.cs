using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using StarBot.Slack;
using StarBot.Web;

namespace StarBot.Bench;

/// <summary>
/// slack-floor PORT: the least an ASP.NET Core Slack app does for the benchmark's requests, the same work as the Bolt
/// reference app (read the body, verify the signature, parse it, ack; store nothing, answer nothing later), with
/// StarBot's own body reader and signature check. Its CPU per request is the floor under StarBot's on this stack:
/// what StarBot spends above it is the cost of storing, handling and answering each event.
/// </summary>
public static class SlackFloor
{
    public const string Secret = "bench-signing-secret";

    private static readonly byte[] CommandAck = """{"response_type":"ephemeral","text":"ok"}"""u8.ToArray();

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/slack/events", async (HttpContext context) =>
        {
            var body = await VerifiedBodyAsync(context);
            if (body is null)
            {
                return;
            }

            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("type", out var type) && type.ValueEquals("url_verification"))
            {
                await context.Response.WriteAsync(json.RootElement.GetProperty("challenge").GetString()!);
            }
        });
        app.MapPost("/slack/commands", async (HttpContext context) =>
        {
            var body = await VerifiedBodyAsync(context);
            if (body is null)
            {
                return;
            }

            var form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
            if (form.ContainsKey("command"))
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(CommandAck);
            }
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task<byte[]?> VerifiedBodyAsync(HttpContext context)
    {
        var (body, refusal) = await RequestBody.ReadAsync(context.Request, 1 << 20, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = refusal;
            return null;
        }

        var check = SlackSignature.Verify(Secret, context.Request.Headers["X-Slack-Request-Timestamp"], context.Request.Headers["X-Slack-Signature"], body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        if (check != SignatureCheck.Valid)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return null;
        }

        return body;
    }
}
