using System.Collections.Concurrent;
using System.Diagnostics;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>Configuration as a person meets it: the executable's exit code, what it prints, and what it starts.</summary>
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

    [Theory]
    [InlineData("serve", "Outbox__Concurrency", "lots", "Configuration error: Outbox:Concurrency must be a whole number, not 'lots'")]
    [InlineData("serve", "Storage__KeepMessagesFor", "forever", "Configuration error: Storage:KeepMessagesFor must be a time span")]
    [InlineData("serve", "Webhook__Enabled", "maybe", "Configuration error: Webhook:Enabled must be true or false")]
    [InlineData("serve", "Teams__Emulator", "yes", "Configuration error: Teams:Emulator must be true or false")]
    [InlineData("serve", "Outbox__Concurrency", "0", "Configuration error: Outbox:Concurrency must be between 1 and 1024")]
    [InlineData("serve", "Outbox__Lease", "00:00:00", "Configuration error: Outbox:Lease must be between 00:00:00.001 and 1.00:00:00")]
    [InlineData("serve", "Storage__KeepMessagesFor", "00:10:00", "Configuration error: Storage:KeepMessagesFor must be between 01:00:00 and 365.00:00:00")]
    [InlineData("serve", "Secrets__Folder", "/no/such/folder", "Configuration error: Secrets:Folder names '/no/such/folder', which is not a folder")]
    [InlineData("serve", "Storage__Provider", "mysql", "Configuration error: Storage:Provider must be sqlite or postgres, not 'mysql'")]
    [InlineData("serve", "Storage__Provider", "postgres", "Configuration error: Storage:ConnectionString is required when Storage:Provider is postgres")]
    [InlineData("", "Outbox__Concurrency", "lots", "Configuration error: Outbox:Concurrency must be a whole number, not 'lots'")]
    [InlineData("", "Webhook__Enabled", "maybe", "Configuration error: Webhook:Enabled must be true or false")]
    [InlineData("", "Scheduler__GracePeriod", "3.00:00:00", "Configuration error: Scheduler:GracePeriod must be between")]
    public async Task A_bad_value_is_one_line_naming_the_key_and_exit_code_2(string verb, string key, string value, string message)
    {
        using var folder = new TempFolder();
        var environment = ConfigurationTests.WebhookService(folder);
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        environment[key] = value;

        var result = await StarBotProcess.RunAsync(verb.Length == 0 ? [] : [verb, "--urls", "http://127.0.0.1:0"], environment: environment, workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Username=starbot;Password=hunter2;Colour=blue", "Configuration error: Storage:ConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("Username=starbot;Password=hunter2", "Configuration error: Storage:ConnectionString must name the server with Host=")]
    public async Task A_bad_PostgreSQL_connection_string_is_named_but_never_echoed(string connectionString, string message)
    {
        using var folder = new TempFolder();

        var result = await StarBotProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], workingDirectory: folder.Path, environment: new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["Storage__ConnectionString"] = connectionString,
            ["Content__Path"] = RepoPaths.Content,
        });

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Outbox:Concurrency=lots", "Configuration error: Outbox:Concurrency must be a whole number, not 'lots'")]
    [InlineData("stray", "Unrecognized argument 'stray'")]
    public async Task Serve_reads_settings_from_its_command_line(string argument, string message)
    {
        using var folder = new TempFolder();

        var result = await StarBotProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0", argument], workingDirectory: folder.Path, environment: new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(folder.Path, "x.db"),
            ["Content__Path"] = RepoPaths.Content,
        });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// With no verb the executable serves once a platform is configured, from whichever source the service reads
    /// (here Slack's two secrets as STARBOT_ variables, key-per-file secrets or user secrets), where ASPNETCORE_URLS says.
    /// </summary>
    [Theory]
    [InlineData("prefix")]
    [InlineData("files")]
    [InlineData("user secrets")]
    public async Task With_no_verb_and_Slack_configured_from_any_source_it_serves_where_ASPNETCORE_URLS_says(string source)
    {
        using var folder = new TempFolder();
        var port = LoopbackServer.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(folder.Path, "x.db"),
            ["Content__Path"] = RepoPaths.Content,
            ["Slack__ApiBaseUrl"] = $"http://127.0.0.1:{LoopbackServer.FreePort()}/api/",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (source == "prefix")
        {
            environment["STARBOT_Slack__SigningSecret"] = "test-signing-secret";
            environment["STARBOT_Slack__BotToken"] = "xoxb-test-token";
        }
        else if (source == "user secrets")
        {
            // Where `dotnet user-secrets` keeps them ($HOME/.microsoft/usersecrets/<UserSecretsId>), read in Development only.
            var id = typeof(AppConfiguration).Assembly.GetCustomAttributes(typeof(Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute), false)
                .OfType<Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute>().Single().UserSecretsId;
            folder.Write($"home/.microsoft/usersecrets/{id}/secrets.json", "{\"Slack:SigningSecret\":\"test-signing-secret\",\"Slack:BotToken\":\"xoxb-test-token\"}");
            environment["HOME"] = Path.Combine(folder.Path, "home");
            environment["DOTNET_ENVIRONMENT"] = "Development";
        }
        else
        {
            folder.Write("secrets/Slack__SigningSecret", "test-signing-secret");
            folder.Write("secrets/Slack__BotToken", "xoxb-test-token");
            environment["Secrets__Folder"] = Path.Combine(folder.Path, "secrets");
        }

        var output = new ConcurrentQueue<string>();
        using var process = StarBotProcess.Start([], environment, folder.Path, output);
        try
        {
            Assert.True(await ServesAsync(process, $"http://127.0.0.1:{port}/readyz"), "did not serve; output: " + string.Join('\n', output));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Whether the process answers at <paramref name="url"/> before it exits (the terminal chat exits at once, its input being empty).</summary>
    private static async Task<bool> ServesAsync(Process process, string url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        return false;
    }
}
