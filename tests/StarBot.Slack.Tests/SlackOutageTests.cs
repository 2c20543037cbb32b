using System.Net;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>A Slack that cannot be reached is Slack's outage: the service keeps running and stays healthy.</summary>
public sealed class SlackOutageTests
{
    [Fact]
    public async Task A_Slack_that_never_answers_auth_test_neither_stops_the_service_nor_fails_its_health_check()
    {
        await using var slack = await FakeSlack.StartAsync();
        slack.Hanging["auth.test"] = true;
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();
        using var process = StarBotProcess.Serve(folder, port, new Dictionary<string, string>
        {
            ["Slack__SigningSecret"] = SlackHost.SigningSecret,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.BaseUrl,
        });
        try
        {
            await LoopbackServer.WaitReadyAsync($"http://127.0.0.1:{port}/readyz");

            // A second auth.test comes only after the first one timed out (10 s): the service lived through it.
            await slack.WaitForRequestsAsync("auth.test", 2, TimeSpan.FromSeconds(45));

            Assert.False(process.HasExited, $"the service stopped with exit code {(process.HasExited ? process.ExitCode : 0)}");
            using var http = new HttpClient();
            var health = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
