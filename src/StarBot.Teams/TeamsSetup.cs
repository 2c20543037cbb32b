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

    /// <summary>Teams with an app registration; without one the endpoint still runs, in the Emulator's loopback-only mode.</summary>
    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Teams:MicrosoftAppId"]);

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
        services.AddHostedService<TeamsStartupLog>();
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

/// <summary>Says at start-up which mode the Teams endpoint is in: no network call, just the configuration.</summary>
public sealed partial class TeamsStartupLog(IOptions<TeamsOptions> options, ILogger<TeamsStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.EmulatorMode)
        {
            LogEmulatorMode(logger);
        }
        else
        {
            LogConfigured(logger, o.MicrosoftAppId!, o.MicrosoftAppType);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Teams:MicrosoftAppId is not set: /api/messages runs in the Bot Framework Emulator's mode, unauthenticated and for loopback callers only")]
    private static partial void LogEmulatorMode(ILogger logger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Teams: bot {AppId} ({AppType}); /api/messages requires Bot Framework tokens")]
    private static partial void LogConfigured(ILogger logger, string appId, string appType);
}
