using Microsoft.Extensions.Configuration;

namespace StarBot;

/// <summary>Configuration for the CLI verbs: the same sources, in the same order, as the service host uses.</summary>
public static class AppConfiguration
{
    public static IConfigurationRoot Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(AppPaths.Resolve("appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();

    public static string ContentPath(IConfiguration configuration) =>
        AppPaths.Resolve(configuration["Content:Path"] is { Length: > 0 } p ? p : "content");
}
