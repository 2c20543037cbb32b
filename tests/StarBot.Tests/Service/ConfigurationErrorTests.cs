using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>Configuration errors as a person meets them: the executable's exit code and what it prints.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public async Task An_app_id_with_Teams_Emulator_stops_start_up_naming_both_keys()
    {
        using var folder = new TempFolder();

        var result = await StarBotProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], workingDirectory: folder.Path, environment: new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(folder.Path, "x.db"),
            ["Content__Path"] = RepoPaths.Content,
            ["Teams__MicrosoftAppId"] = "0d4c5a1e-7b2f-4e8a-9c3d-2f1b6a7e8d90",
            ["Teams__MicrosoftAppPassword"] = "secret",
            ["Teams__MicrosoftAppTenantId"] = "11111111-2222-3333-4444-555555555555",
            ["Teams__Emulator"] = "true",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Teams:MicrosoftAppId", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Teams:Emulator", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.Stderr.Replace("Teams:MicrosoftAppPassword", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
