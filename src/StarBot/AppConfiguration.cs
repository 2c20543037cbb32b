using Microsoft.Extensions.Configuration;

namespace StarBot;

/// <summary>
/// The one place StarBot's configuration is put together, for the service host, the CLI verbs (which decide from
/// it whether no verb means the service) and the tests, so that what the CLI sees is what the host will run with.
/// Later sources win: host settings (<c>DOTNET_</c>/<c>ASPNETCORE_</c> variables, such as <c>ASPNETCORE_URLS</c>),
/// appsettings.json (defaults only), user secrets in Development, environment variables (<c>Section__Key</c>), the
/// same with a <c>STARBOT_</c> prefix, key-per-file secrets from <c>Secrets:Folder</c>, the command line
/// (<c>--Key=value</c>), and settings given in code.
/// </summary>
public static class AppConfiguration
{
    /// <summary>The configuration outside a host (CLI verbs, tests), with the environment read as the host reads it.</summary>
    public static IConfigurationRoot Build(string[]? args = null, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var configuration = new ConfigurationManager();
        AddSources(configuration, environmentName: null, args ?? [], overrides);
        return configuration;
    }

    /// <param name="environmentName">The host's environment; null: from <c>DOTNET_ENVIRONMENT</c> / <c>ASPNETCORE_ENVIRONMENT</c> as the host would, else Production.</param>
    public static void AddSources(ConfigurationManager configuration, string? environmentName, string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides)
    {
        configuration.Sources.Clear();
        // The default host's own settings: the Kestrel address (urls) and the environment come from these.
        configuration.AddEnvironmentVariables("DOTNET_");
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        environmentName ??= configuration[HostDefaults.EnvironmentKey] is { Length: > 0 } named ? named : Environments.Production;
        configuration.AddJsonFile(AppPaths.Resolve("appsettings.json"), optional: true, reloadOnChange: false);
        if (string.Equals(environmentName, Environments.Development, StringComparison.OrdinalIgnoreCase))
        {
            configuration.AddUserSecrets(typeof(AppConfiguration).Assembly, optional: true);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddEnvironmentVariables("STARBOT_");
        if (configuration["Secrets:Folder"] is { Length: > 0 } secrets)
        {
            if (!Directory.Exists(secrets))
            {
                throw new ConfigurationException([$"Secrets:Folder names '{secrets}', which is not a folder"]);
            }

            // Containers mount each secret as a file named like the key (Slack__BotToken).
            configuration.AddKeyPerFile(secrets, optional: false);
        }

        configuration.AddCommandLine(args);
        configuration.AddInMemoryCollection(overrides ?? []);
    }

    public static string ContentPath(IConfiguration configuration) =>
        AppPaths.Resolve(configuration["Content:Path"] is { Length: > 0 } p ? p : "content");
}
