using Microsoft.Extensions.Time.Testing;

namespace StarBot.Slack.Tests;

/// <summary>Socket Mode's health: a minute without a connection, for whatever reason, is unhealthy.</summary>
public sealed class SlackSocketStateTests
{
    [Fact]
    public void A_service_that_never_connects_is_healthy_for_a_minute_from_its_start()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var state = new SlackSocketState(time);

        time.Advance(TimeSpan.FromSeconds(59));
        var before = state.IsHealthy;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(before);
        Assert.False(state.IsHealthy);
        Assert.Equal("connecting", state.Name);
    }

    [Fact]
    public void A_lost_connection_counts_from_when_it_was_lost_and_a_new_one_makes_it_healthy_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var state = new SlackSocketState(time);
        state.Connected();
        time.Advance(TimeSpan.FromHours(1));

        state.Disconnected();
        time.Advance(TimeSpan.FromSeconds(59));
        var shortlyAfter = state.IsHealthy;
        time.Advance(TimeSpan.FromSeconds(2));
        var aMinuteAfter = state.IsHealthy;
        state.Connected();

        Assert.True(shortlyAfter);
        Assert.False(aMinuteAfter);
        Assert.True(state.IsHealthy);
    }

    [Fact]
    public void Link_disabled_is_named_and_unhealthy_a_minute_later()
    {
        var time = new FakeTimeProvider();
        var state = new SlackSocketState(time);
        state.Connected();

        state.Stopped(SlackSocketStatus.LinkDisabled);
        time.Advance(SlackSocketState.Grace);

        Assert.Equal("link_disabled", state.Name);
        Assert.False(state.IsHealthy);
    }
}
