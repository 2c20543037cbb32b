using System.Net;
using System.Text.Json.Nodes;

namespace StarBot.Slack.Tests;

/// <summary>Signed requests whose bodies have an unexpected shape get a 4xx with a short reason, never a 5xx.</summary>
public sealed class SlackBadInputTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private SlackHost _host = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _host = await SlackHost.StartAsync(_slack);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Theory]
    [InlineData("""{"type":"event_callback","event":{"type":"message","channel":"C1","user":"U1","ts":"1.2","text":"\ud800 answer"}}""")]
    [InlineData("""{"type":"url_verification","challenge":"\udc00"}""")]
    [InlineData("""{"type":"event_callback","event":{"type":"message","\ud800":"x"}}""")]
    public async Task An_event_holding_a_lone_surrogate_escape_is_a_400(string body)
    {
        var response = await _host.EventAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid Unicode", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("1")]
    [InlineData("[]")]
    [InlineData("\"block_actions\"")]
    public async Task An_interaction_payload_that_is_not_a_JSON_object_is_a_400(string payload)
    {
        var response = await _host.InteractionAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("payload is not a JSON object", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("time", """[]""")]
    [InlineData("days", """{"days":"weekdays"}""")]
    [InlineData("zone", """{"zone":{"value":7}}""")]
    [InlineData("topic", "\"topic\"")]
    public async Task A_schedule_form_whose_values_have_the_wrong_types_is_a_400(string block, string value)
    {
        var payload = JsonNode.Parse(Fixtures.Text("interactions/view_submission.json"))!;
        payload["view"]!["state"]!["values"]![block] = JsonNode.Parse(value);

        var response = await _host.InteractionAsync(payload.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(block, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_schedule_form_whose_view_is_not_an_object_is_a_400()
    {
        var payload = JsonNode.Parse(Fixtures.Text("interactions/view_submission.json"))!;
        payload["view"]!["state"] = "nope";

        var response = await _host.InteractionAsync(payload.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
