using Microsoft.Extensions.Configuration;

namespace StarBot.Slack.Tests;

/// <summary>Which combinations of Slack's secrets start, and what a refused one says (never the secret itself).</summary>
public sealed class SlackOptionsTests
{
    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        try
        {
            ConfigurationCheck.ThrowIfInvalid(configuration);
            return [];
        }
        catch (ConfigurationException e)
        {
            return e.Problems;
        }
    }

    [Fact]
    public void An_app_token_and_a_bot_token_are_enough_without_a_signing_secret()
    {
        Assert.Empty(Problems(("Slack:AppToken", "xapp-1-A0-1-abc"), ("Slack:BotToken", "xoxb-1")));
        Assert.Empty(Problems(("Slack:AppToken", "xapp-1-A0-1-abc"), ("Slack:BotToken", "xoxb-1"), ("Slack:SigningSecret", "s")));
    }

    [Fact]
    public void An_app_token_needs_a_bot_token_and_must_be_an_app_level_token()
    {
        var alone = Problems(("Slack:AppToken", "xapp-1-A0-1-abc"));
        var wrongKind = Problems(("Slack:AppToken", "xoxb-secret-value"), ("Slack:BotToken", "xoxb-1"));

        Assert.Equal(["Slack:BotToken is required when Slack:AppToken is set (Socket Mode receives; replies are sent with the bot token)"], alone);
        Assert.Equal(["Slack:AppToken must be an app-level token starting with xapp-"], wrongKind);
        Assert.DoesNotContain(wrongKind, p => p.Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bot_token_alone_says_both_ways_slack_could_reach_starbot()
    {
        var problems = Problems(("Slack:BotToken", "xoxb-1"));

        Assert.Contains(problems, p => p.Contains("Slack:SigningSecret", StringComparison.Ordinal) && p.Contains("Slack:AppToken", StringComparison.Ordinal));
    }
}
