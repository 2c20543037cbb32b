using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;

namespace StarBot.Teams.Tests;

public sealed class TeamsEmulatorModeTests
{
    /// <summary>Makes every request look as if it came from another machine.</summary>
    private sealed class RemoteCaller : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(following => context =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                return following(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task In_the_Emulators_mode_a_caller_that_is_not_on_loopback_is_refused()
    {
        await using var host = await TeamsHost.StartAsync(s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteCaller>());

        var response = await host.PostAsync(host.Fixture("message_personal.json"));
        await host.SettleAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("loopback callers only", await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Connector.Calls);
    }
}

public sealed class TeamsOptionsTests
{
    [Theory]
    [InlineData(null, null, null, "SingleTenant", null)]
    [InlineData("app", "secret", "tenant", "SingleTenant", null)]
    [InlineData("app", "secret", null, "MultiTenant", null)]
    [InlineData("app", null, "tenant", "UserAssignedMSI", null)]
    [InlineData("app", null, "tenant", "SingleTenant", "Teams:MicrosoftAppPassword is required for a SingleTenant bot")]
    [InlineData("app", "secret", null, "SingleTenant", "Teams:MicrosoftAppTenantId is required for a SingleTenant bot")]
    [InlineData("app", null, null, "MultiTenant", "Teams:MicrosoftAppPassword is required for a MultiTenant bot")]
    [InlineData("app", null, null, "UserAssignedMSI", "Teams:MicrosoftAppTenantId is required for a UserAssignedMSI bot")]
    [InlineData(null, null, "tenant", "SingleTenant", "Teams:MicrosoftAppId is required")]
    [InlineData("app", "secret", "tenant", "Personal", "Teams:MicrosoftAppType must be")]
    [InlineData(null, null, null, "SingleTenant", null, true)]
    [InlineData("app", "secret", "tenant", "SingleTenant", "Teams:MicrosoftAppId and Teams:Emulator=true are both set", true)]
    [InlineData(null, "secret", null, "SingleTenant", "Teams:MicrosoftAppId is required", true)]
    public void Half_a_configuration_is_refused_naming_the_missing_key(string? appId, string? password, string? tenant, string type, string? problem, bool emulator = false)
    {
        var options = new TeamsOptions { MicrosoftAppId = appId, MicrosoftAppPassword = password, MicrosoftAppTenantId = tenant, MicrosoftAppType = type, Emulator = emulator };

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        if (problem is null)
        {
            Assert.Empty(results);
        }
        else
        {
            Assert.Contains(results, r => r.ErrorMessage!.StartsWith(problem, StringComparison.Ordinal));
        }
    }
}

public sealed class TeamsOutboundCredentialsTests
{
    private const string AppId = "0d4c5a1e-7b2f-4e8a-9c3d-2f1b6a7e8d90";

    /// <summary>Stands in for Entra ID: the token the app's credentials would get, without a network call.</summary>
    private sealed class FixedTokenCredentials : Microsoft.Bot.Connector.Authentication.ServiceClientCredentialsFactory
    {
        public override Task<bool> IsValidAppIdAsync(string appId, CancellationToken cancellationToken) => Task.FromResult(appId == AppId);

        public override Task<bool> IsAuthenticationDisabledAsync(CancellationToken cancellationToken) => Task.FromResult(false);

        public override Task<Microsoft.Rest.ServiceClientCredentials> CreateCredentialsAsync(string appId, string audience, string loginEndpoint, bool validateAuthority, CancellationToken cancellationToken) =>
            Task.FromResult<Microsoft.Rest.ServiceClientCredentials>(new Microsoft.Rest.TokenCredentials(appId == AppId ? "token-for-" + appId : "wrong-app"));
    }

    [Fact]
    public async Task A_proactive_daily_post_carries_a_token_from_the_app_credentials()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        await using var host = await TeamsHost.StartAsync(
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<Microsoft.Bot.Connector.Authentication.ServiceClientCredentialsFactory, FixedTokenCredentials>();
            },
            new()
            {
                ["Teams:MicrosoftAppId"] = AppId,
                ["Teams:MicrosoftAppPassword"] = "not-used",
                ["Teams:MicrosoftAppTenantId"] = "11111111-2222-3333-4444-555555555555",
                ["Scheduler:PollInterval"] = "00:00:00.200",
            });
        // What installing the app in the channel stored, and a schedule set there.
        var activity = Newtonsoft.Json.JsonConvert.DeserializeObject<Microsoft.Bot.Schema.Activity>(host.Fixture("message_channel_mention_new_post.json").ToJsonString())!;
        await host.App.Services.GetRequiredService<IConversationAddressStore>().SaveAsync(new ConversationAddress("teams", "19:PracticeChannel00000000000@thread.tacv2",
            TeamsTranslator.TeamIdOf(activity), Newtonsoft.Json.JsonConvert.SerializeObject(TeamsTranslator.ReferenceOf(activity)), true, clock.GetUtcNow()), default);
        var inbound = TeamsTranslator.Message(activity)! with { Text = "schedule daily 09:00 Europe/Berlin weekdays" };
        await host.App.Services.GetRequiredService<StarBot.Core.Conversation.Coach>().HandleAsync(inbound, default);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        var post = (await host.Connector.WaitForDeliveredAsync(1)).Single();

        Assert.Equal("/v3/conversations", post.Path);
        Assert.Equal("Bearer token-for-" + AppId, post.Authorization);
        Assert.Contains("Practice round", post.Card);
    }
}

public sealed class TeamsSdkConfigurationTests
{
    [Theory]
    [InlineData("SingleTenant", "secret")]
    [InlineData("MultiTenant", "secret")]
    [InlineData("UserAssignedMSI", null)]
    public async Task The_SDK_reads_each_app_type_from_the_Teams_section(string type, string? password)
    {
        const string appId = "0d4c5a1e-7b2f-4e8a-9c3d-2f1b6a7e8d90";
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:MicrosoftAppId"] = appId,
            ["Teams:MicrosoftAppPassword"] = password,
            ["Teams:MicrosoftAppTenantId"] = "11111111-2222-3333-4444-555555555555",
            ["Teams:MicrosoftAppType"] = type,
        }).Build();

        var factory = new Microsoft.Bot.Builder.Integration.AspNet.Core.ConfigurationServiceClientCredentialFactory(TeamsSetup.SdkConfiguration(configuration.GetSection("Teams")));

        Assert.True(await factory.IsValidAppIdAsync(appId, default));
        Assert.False(await factory.IsValidAppIdAsync("another-app", default));
        Assert.False(await factory.IsAuthenticationDisabledAsync(default));
    }

    [Fact]
    public void Overriding_one_token_setting_keeps_the_public_clouds_values_for_the_others()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:ToBotFromChannelOpenIdMetadataUrl"] = "https://127.0.0.1:5001/openid",
        }).Build();

        var sdk = TeamsSetup.SdkConfiguration(configuration.GetSection("Teams"));

        Assert.Equal("https://127.0.0.1:5001/openid", sdk["ToBotFromChannelOpenIdMetadataUrl"]);
        Assert.Equal("https://api.botframework.com", sdk["ToBotFromChannelTokenIssuer"]);
        Assert.Equal("https://login.microsoftonline.com/botframework.com", sdk["ToChannelFromBotLoginUrl"]);
    }
}
