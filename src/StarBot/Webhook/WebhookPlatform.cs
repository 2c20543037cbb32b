using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Service;
using StarBot.Terminal;

namespace StarBot.Webhook;

/// <summary>
/// A generic JSON platform: messages in at <c>POST /api/webhook/messages</c>, replies out as JSON POSTs to
/// <c>Webhook:OutboundUrl</c>. For local integrations, the service's own tests and the benchmarks. Inbound is
/// unauthenticated, so it answers direct loopback callers only (nothing forwarded by a proxy).
/// </summary>
public static class WebhookPlatform
{
    public const string Name = "webhook";

    /// <summary>The body of an inbound message.</summary>
    public sealed record WebhookMessage(string? ConversationId, string? ThreadId, string? MessageId, string? UserId, string? UserName, string? Text, bool Direct = false, bool Mention = true);

    /// <summary>The body of an outbound reply: the Reply document, and its plain-text rendering for simple consumers.</summary>
    public sealed record WebhookReply(string ConversationId, string? ThreadId, string? RecipientUserId, string Text, StarBot.Core.Replies.Reply Reply);

    public static void Map(WebApplication app)
    {
        app.MapPost("/api/webhook/messages", async (HttpContext http, IInbox inbox, IInboxSignal worker, TimeProvider time, IOptions<TestingOptions> testing, IHostApplicationLifetime lifetime) =>
        {
            if (StarBot.Web.LoopbackOnly.Refusal(http) is { } notLoopback)
            {
                return Results.Problem($"the webhook platform is unauthenticated: {notLoopback}", statusCode: StatusCodes.Status403Forbidden);
            }

            if (!http.Request.HasJsonContentType())
            {
                return Results.Problem("body must be application/json", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            WebhookMessage? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<WebhookMessage>(http.RequestAborted);
            }
            catch (JsonException e)
            {
                return Results.Problem($"body is not a JSON message: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
            }

            if (body is null || string.IsNullOrWhiteSpace(body.ConversationId) || string.IsNullOrWhiteSpace(body.MessageId) || string.IsNullOrWhiteSpace(body.UserId) || body.Text is null)
            {
                return Results.Problem("conversationId, messageId, userId and text are required", statusCode: StatusCodes.Status400BadRequest);
            }

            var inbound = new Inbound
            {
                Platform = Name,
                ConversationId = body.ConversationId,
                ThreadId = body.ThreadId,
                MessageId = body.MessageId,
                UserId = body.UserId,
                UserName = body.UserName ?? body.UserId,
                Text = body.Text,
                IsDirect = body.Direct,
                IsMention = body.Mention,
            };

            // Stored before the ack, so that a crash after the ack loses nothing.
            var accepted = await inbox.AcceptAsync($"{Name}:{body.ConversationId}:{body.MessageId}", inbound, time.GetUtcNow(), http.RequestAborted);
            if (testing.Value.CrashAfterAck)
            {
                // Send the ack completely, then die: the crash lands between the ack and the handling.
                await http.Response.WriteAsJsonAsync(new { accepted, duplicate = !accepted }, http.RequestAborted);
                await http.Response.CompleteAsync();
                _ = Task.Delay(200).ContinueWith(_ => Environment.FailFast("Testing:CrashAfterAck: killed after the ack, before handling"), TaskScheduler.Default);
                return Results.Empty;
            }

            worker.Signal();
            return Results.Json(new { accepted, duplicate = !accepted });
        });
    }

    /// <summary>Posts replies to <c>Webhook:OutboundUrl</c>; the receiver answers <c>{"id":"…"}</c>.</summary>
    public sealed class Sender(HttpClient http, IOptions<WebhookOptions> options) : IMessageSender
    {
        public string Platform => Name;

        public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            // Like Slack: a round's question is a top-level post, whose id becomes the round's thread.
            var thread = message.Reply.Placement == StarBot.Core.Replies.ReplyPlacement.NewPost ? null : message.ThreadId;
            var body = new WebhookReply(message.ConversationId, thread, message.RecipientUserId, PlainTextRenderer.Render(message.Reply), message.Reply);
            using var response = await http.PostAsJsonAsync(options.Value.OutboundUrl, body, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new SendResult.Retry(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), "429 rate limited");
            }

            if ((int)response.StatusCode >= 500)
            {
                return new SendResult.Retry(response.Headers.RetryAfter?.Delta, $"HTTP {(int)response.StatusCode}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new SendResult.Refused($"HTTP {(int)response.StatusCode}");
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new SendResult.Delivered(answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("id", out var id) ? id.ToString() : null);
        }
    }
}
