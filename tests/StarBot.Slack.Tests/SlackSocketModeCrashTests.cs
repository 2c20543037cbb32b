using System.Diagnostics;
using System.Text.Json;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>The executable over Socket Mode, killed after it acked an envelope and before it handled it.</summary>
public sealed class SlackSocketModeCrashTests
{
    [Fact]
    public async Task An_event_acked_before_a_kill_is_answered_once_after_the_restart()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var folder = new TempFolder();
        var mention = JsonDocument.Parse(Fixtures.Text("events/app_mention.json").Replace("practice leadership", "topics", StringComparison.Ordinal)).RootElement.Clone();

        using (var first = Start(slack, folder, handle: false))
        {
            var connection = await slack.SocketMode.WaitForConnectionAsync(1, TimeSpan.FromSeconds(60));
            var id = await connection.SendEnvelopeAsync("events_api", mention);
            Assert.Equal(id, (await connection.NextMessageAsync()).GetProperty("envelope_id").GetString());
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        Assert.Empty(slack.Posts);
        using var restarted = Start(slack, folder, handle: true);
        try
        {
            // Nothing is sent again on the new connection: the stored event alone brings the answer.
            await slack.SocketMode.WaitForConnectionAsync(2, TimeSpan.FromSeconds(60));
            var posts = await slack.WaitForPostsAsync(1, TimeSpan.FromSeconds(60));
            await StoreProbe.SettleAsync(Path.Combine(folder.Path, "starbot.db"));

            Assert.Single(slack.Posts);
            Assert.Equal("C0PRACTICE", posts[0].GetProperty("channel").GetString());
            Assert.Empty(slack.Violations);
            Assert.Empty(slack.SocketMode.Violations);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    /// <param name="handle">False: the fault switch that keeps the worker from handling anything, as if the process died right after the ack.</param>
    private static Process Start(FakeSlack slack, TempFolder folder, bool handle) =>
        StarBotProcess.Serve(folder, LoopbackServer.FreePort(), new Dictionary<string, string>
        {
            ["Slack__AppToken"] = FakeSocketMode.AppToken,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.BaseUrl,
            ["Outbox__ChannelInterval"] = "00:00:00",
            ["Testing__CrashAfterAck"] = handle ? "false" : "true",
        });
}
