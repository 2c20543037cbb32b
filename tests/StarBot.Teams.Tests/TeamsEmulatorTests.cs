using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Core.Messaging;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

/// <summary>
/// The unauthenticated mode of <c>/api/messages</c> is on only when asked for (<c>Teams:Emulator</c>), and then
/// answers direct loopback callers only and replies only to loopback: behind a reverse proxy on the same host every
/// caller connects from loopback, and an open endpoint would post wherever an activity's serviceUrl points.
/// </summary>
public sealed class TeamsEmulatorTests
{
    private const string Elsewhere = "http://starbot-test.invalid/";

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task A_request_forwarded_by_a_proxy_is_refused(string header, string value)
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await PostAsync(host.Http, host.Fixture("message_personal.json"), (header, value));
        await host.SettleAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(header, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Connector.Calls);
    }

    [Fact]
    public async Task An_activity_whose_serviceUrl_is_not_loopback_is_refused()
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await host.PostAsync(host.Fixture("message_personal.json", a => a["serviceUrl"] = Elsewhere));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("loopback serviceUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.App.Services.GetRequiredService<IOutbox>().PendingCountAsync(default));
    }

    [Fact]
    public async Task A_stored_conversation_reference_that_is_not_loopback_gets_no_reply()
    {
        await using var host = await TeamsHost.StartAsync();
        var activity = Newtonsoft.Json.JsonConvert.DeserializeObject<Microsoft.Bot.Schema.Activity>(host.Fixture("message_personal.json", a => a["serviceUrl"] = Elsewhere).ToJsonString())!;
        await host.App.Services.GetRequiredService<IConversationAddressStore>().SaveAsync(new ConversationAddress("teams", activity.Conversation.Id,
            TeamsTranslator.TeamIdOf(activity), Newtonsoft.Json.JsonConvert.SerializeObject(TeamsTranslator.ReferenceOf(activity)), true, DateTimeOffset.UtcNow), default);

        var result = await host.App.Services.GetRequiredService<TeamsSender>().SendAsync(
            new OutboundMessage("k1", "teams", TeamsTranslator.TeamIdOf(activity), activity.Conversation.Id, null, null, new Core.Replies.Reply { Title = "hello" }), default);

        var refused = Assert.IsType<SendResult.Refused>(result);
        Assert.Contains("loopback serviceUrl", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_app_id_or_Teams_Emulator_the_endpoint_is_not_served()
    {
        await using var host = await TeamsHost.StartAsync(settings: new() { ["Teams:Emulator"] = "false" });

        var response = await host.PostAsync(host.Fixture("message_personal.json"));
        await host.SettleAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(host.Connector.Calls);
    }

    /// <summary>
    /// The review's case, as a process: only Slack is configured, a proxy on the host forwards a stranger's activity
    /// naming the serviceUrl it wants the bot to post to. Nothing answers it, and start-up says Teams is off.
    /// </summary>
    [Fact]
    public async Task With_only_Slack_configured_the_executable_serves_no_Teams_endpoint_and_says_Teams_is_off()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();
        var output = new ConcurrentQueue<string>();
        using var process = StarBotProcess.Serve(folder, port, new Dictionary<string, string>
        {
            ["Slack__SigningSecret"] = "test-signing-secret",
            ["Slack__BotToken"] = "xoxb-test-token",
            // auth.test goes nowhere: a closed loopback port.
            ["Slack__ApiBaseUrl"] = $"http://127.0.0.1:{LoopbackServer.FreePort()}/api/",
            ["Logging__LogLevel__Default"] = "Information",
        }, output);
        try
        {
            await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var activity = JsonNode.Parse(File.ReadAllText(RepoPaths.TestData("teams", "activities", "message_personal.json")))!;
            activity["serviceUrl"] = connector.ServiceUrl;

            var response = await PostAsync(http, activity, ("X-Forwarded-For", "203.0.113.7"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.True(await StarBotProcess.WaitForLineAsync(output, "Teams: off"), string.Join('\n', output));
            Assert.DoesNotContain(output, l => l.Contains("Emulator", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(output, l => l.Contains("test-signing-secret", StringComparison.Ordinal) || l.Contains("xoxb-test-token", StringComparison.Ordinal));
            Assert.Empty(connector.Calls);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task With_Teams_Emulator_the_executable_answers_a_direct_loopback_caller_and_refuses_a_forwarded_one()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();
        var output = new ConcurrentQueue<string>();
        using var process = StarBotProcess.Serve(folder, port, new Dictionary<string, string>
        {
            ["Teams__Emulator"] = "true",
            ["Outbox__ChannelInterval"] = "00:00:00",
            ["Logging__LogLevel__Default"] = "Information",
        }, output);
        try
        {
            await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var forwarded = JsonNode.Parse(File.ReadAllText(RepoPaths.TestData("teams", "activities", "message_personal.json")))!;
            forwarded["serviceUrl"] = connector.ServiceUrl;
            forwarded["id"] = "forwarded";
            var direct = forwarded.DeepClone();
            direct["id"] = "direct";

            var refused = await PostAsync(http, forwarded, ("X-Forwarded-For", "203.0.113.7"));
            var accepted = await PostAsync(http, direct);
            var replies = await connector.WaitForDeliveredAsync(1);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Contains("Example answer", Assert.Single(replies).Card, StringComparison.Ordinal);
            Assert.True(await StarBotProcess.WaitForLineAsync(output, "Teams: emulator (loopback only)"), string.Join('\n', output));
            Assert.True(await StarBotProcess.WaitForLineAsync(output, "Slack: off"), string.Join('\n', output));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, JsonNode activity, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return http.SendAsync(request);
    }
}
