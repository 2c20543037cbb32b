using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

/// <summary>The executable in the Emulator's mode, killed after it acked a Teams message and before it answered.</summary>
public sealed class TeamsCrashRecoveryTests
{
    [Fact]
    public async Task A_message_acked_before_a_kill_is_answered_once_after_the_restart()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();
        var activity = JsonNode.Parse(File.ReadAllText(RepoPaths.TestData("teams", "activities", "message_personal.json")))!;
        activity["serviceUrl"] = connector.ServiceUrl;

        using (var first = Start(folder, port, handle: false))
        {
            await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");
            using var http = new HttpClient();
            var ack = await http.PostAsync($"http://127.0.0.1:{port}/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        Assert.Empty(connector.Calls);
        using var restarted = Start(folder, port, handle: true);
        var calls = await connector.WaitForDeliveredAsync(1);
        // Once nothing in the store waits to be handled or delivered, every reply the restarted process meant to send has been sent.
        await StoreProbe.SettleAsync(Path.Combine(folder.Path, "starbot.db"));

        Assert.Single(connector.Delivered);
        Assert.Contains("Example answer", calls[0].Card);
        restarted.Kill(entireProcessTree: true);
    }

    /// <param name="handle">False: the fault switch that keeps the worker from handling anything, as if the process died right after the ack.</param>
    private static Process Start(TempFolder folder, int port, bool handle) =>
        StarBotProcess.Serve(folder, port, new Dictionary<string, string>
        {
            ["Teams__Emulator"] = "true",
            ["Outbox__ChannelInterval"] = "00:00:00",
            ["Testing__CrashAfterAck"] = handle ? "false" : "true",
        });
}
