using StarBot.Testing;

namespace StarBot.Tests.Service;

public sealed class ConfigurationTests
{
    /// <summary>The environment of a service with only the webhook platform, its store in <paramref name="folder"/>: a valid start to spoil one setting of.</summary>
    internal static Dictionary<string, string> WebhookService(TempFolder folder) => new()
    {
        ["Webhook__Enabled"] = "true",
        ["Webhook__OutboundUrl"] = "http://127.0.0.1:9/post",
        ["Storage__Path"] = Path.Combine(folder.Path, "x.db"),
        ["Content__Path"] = RepoPaths.Content,
    };

    [Theory]
    [InlineData("Outbox__Concurrency", "0", "Outbox:Concurrency must be between 1 and 1024")]
    [InlineData("Scheduler__GracePeriod", "3.00:00:00", "Scheduler:GracePeriod must be between")]
    [InlineData("Webhook__OutboundUrl", "not a url", "Webhook:OutboundUrl must be an absolute http(s) URL")]
    [InlineData("Storage__Path", "", "Storage:Path must name the SQLite file")]
    [InlineData("Storage__KeepMessagesFor", "00:10:00", "Storage:KeepMessagesFor must be between 01:00:00 and 365.00:00:00")]
    [InlineData("Teams__MicrosoftAppId", "0d4c5a1e-7b2f-4e8a-9c3d-2f1b6a7e8d90", "Teams:MicrosoftAppPassword is required for a SingleTenant bot")]
    [InlineData("Teams__MicrosoftAppPassword", "secret", "Teams:MicrosoftAppId is required when Teams:MicrosoftAppPassword")]
    [InlineData("Teams__MicrosoftAppType", "Whatever", "Teams:MicrosoftAppType must be SingleTenant, MultiTenant or UserAssignedMSI")]
    public async Task A_bad_setting_stops_start_up_naming_the_key(string key, string value, string message)
    {
        using var folder = new TempFolder();
        var environment = WebhookService(folder);
        environment[key] = value;

        var result = await StarBotProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], environment: environment, workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_content_stops_start_up_with_file_and_line()
    {
        using var folder = new TempFolder();
        folder.Write("content/competencies/teamwork.md", "---\nid: teamwork\n---\n");
        folder.Write("content/questions/q.md", "---\nid: q\ncompetency: teamwork\nquestion: Why?\n---\n");

        var result = await StarBotProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], workingDirectory: folder.Path, environment: new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(folder.Path, "x.db"),
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("teamwork.md:1: missing 'name'", result.Stderr, StringComparison.Ordinal);
    }
}
