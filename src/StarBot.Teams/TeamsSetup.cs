using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StarBot.Core.Messaging;

namespace StarBot.Teams;

public static class TeamsSetup
{
    /// <summary>
    /// The SDK's settings for where tokens come from and go to. Setting any of them switches the SDK to its
    /// "parameterized" mode, which needs all of them: the ones not set keep the public cloud's values.
    /// </summary>
    private static readonly Dictionary<string, string> PublicCloud = new()
    {
        ["ToChannelFromBotLoginUrl"] = AuthenticationConstants.ToChannelFromBotLoginUrl,
        ["ToChannelFromBotOAuthScope"] = AuthenticationConstants.ToChannelFromBotOAuthScope,
        ["ToBotFromChannelTokenIssuer"] = AuthenticationConstants.ToBotFromChannelTokenIssuer,
        ["OAuthUrl"] = AuthenticationConstants.OAuthUrl,
        ["ToBotFromChannelOpenIdMetadataUrl"] = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
        ["CallerId"] = CallerIdConstants.PublicAzureChannel,
    };

    /// <summary>Teams with an app registration, or the Emulator's mode asked for with <c>Teams:Emulator=true</c>.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Teams:MicrosoftAppId"]) || (bool.TryParse(configuration["Teams:Emulator"], out var emulator) && emulator);

    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var sdkConfiguration = SdkConfiguration(configuration.GetSection(TeamsOptions.Section));
        services.AddHttpClient();
        // Replaceable (tests give outbound calls a token without Entra ID); by default the SDK's own reading of the section.
        services.AddSingleton<ServiceClientCredentialsFactory>(_ => new ConfigurationServiceClientCredentialFactory(sdkConfiguration));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(sdkConfiguration,
            sp.GetRequiredService<ServiceClientCredentialsFactory>(), null, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>()));
        services.AddSingleton(sp => new TeamsAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<TeamsAdapter>>()));
        services.AddSingleton<TeamsBot>();
        services.AddSingleton<TeamsSender>();
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<TeamsSender>());
        return services;
    }

    internal static IConfiguration SdkConfiguration(IConfigurationSection teams)
    {
        var values = teams.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        if (PublicCloud.Keys.Any(k => values.TryGetValue(k, out var v) && !string.IsNullOrWhiteSpace(v)))
        {
            foreach (var (key, value) in PublicCloud)
            {
                if (!values.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v))
                {
                    values[key] = value;
                }
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
