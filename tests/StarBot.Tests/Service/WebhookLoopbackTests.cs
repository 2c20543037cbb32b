using System.Net;
using System.Net.Http.Json;

namespace StarBot.Tests.Service;

/// <summary>
/// The webhook platform is unauthenticated and answers direct loopback callers only: behind a reverse proxy on the
/// same host every caller connects from loopback, so a forwarding header marks a request from elsewhere.
/// </summary>
public sealed class WebhookLoopbackTests
{
    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7;proto=https")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task A_message_forwarded_by_a_proxy_is_refused_and_not_stored(string header, string value)
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhook/messages")
        {
            Content = JsonContent.Create(new { conversationId = "C1", messageId = "m1", userId = "U1", text = "help" }),
        };
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await host.Http.SendAsync(request);
        var again = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/webhook/messages")
        {
            Content = JsonContent.Create(new { conversationId = "C1", messageId = "m1", userId = "U1", text = "help" }),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(header, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The same message sent directly is new to the inbox: the forwarded one was never stored.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("duplicate").GetBoolean());
    }
}
