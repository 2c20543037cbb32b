using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Storage;

namespace StarBot.Slack.Tests;

/// <summary>
/// Socket Mode against a fake Slack on loopback: the service asks <c>apps.connections.open</c> for a URL with the
/// app-level token, connects, and takes each envelope down the same road as an HTTP request; replies go through the
/// Web API with the bot token.
/// </summary>
public sealed class SlackSocketModeTests
{
    private static JsonElement Payload(string fixture, Func<string, string>? change = null) =>
        JsonDocument.Parse((change ?? (s => s))(Fixtures.Text(fixture))).RootElement.Clone();

    /// <summary>A slash command's form fields as the JSON object Socket Mode carries them in.</summary>
    private static JsonElement CommandPayload(string fixture) =>
        JsonSerializer.SerializeToElement(QueryHelpers.ParseQuery(Fixtures.Text(fixture)).ToDictionary(f => f.Key, f => f.Value.ToString()));

    /// <summary>Another message than the fixture's (its own ts, so not a repeat of it): "@StarBot topics".</summary>
    private static JsonElement TopicsMention() =>
        Payload("events/app_mention.json", s => s.Replace("practice leadership", "topics", StringComparison.Ordinal).Replace("1764320455.000200", "1764320300.000100", StringComparison.Ordinal));

    private static async Task<JsonElement> AckOfAsync(FakeSocketConnection connection, string envelopeId)
    {
        var ack = await connection.NextMessageAsync();
        Assert.Equal(envelopeId, ack.GetProperty("envelope_id").GetString());
        return ack;
    }

    private static void AssertNoViolations(FakeSlack slack)
    {
        Assert.Empty(slack.Violations);
        Assert.Empty(slack.SocketMode.Violations);
    }

    [Fact]
    public async Task After_hello_an_event_is_stored_before_its_ack_and_answered_through_the_web_api_with_the_bot_token()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);

        var id = await connection.SendEnvelopeAsync("events_api", Payload("events/app_mention.json"));
        var ack = await AckOfAsync(connection, id);

        Assert.False(ack.TryGetProperty("payload", out _));
        // Acked only once it was stored: a crash after the ack would lose nothing.
        Assert.Equal(1, await host.InboxRowsAsync());
        var question = (await slack.WaitForPostsAsync(1))[0];
        Assert.Equal("C0PRACTICE", question.GetProperty("channel").GetString());
        // No signing secret: there is no public endpoint to forge requests against.
        Assert.Equal(HttpStatusCode.NotFound, (await host.EventAsync(Fixtures.Text("events/app_mention.json"))).StatusCode);
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task No_ack_is_sent_before_the_event_is_stored()
    {
        await using var slack = await FakeSlack.StartAsync();
        var inbox = new GatedInbox();
        await using var host = await SlackHost.StartSocketModeAsync(slack, configure: services =>
        {
            services.AddSingleton<SqliteInbox>();
            services.AddSingleton<IInbox>(sp => inbox.Wrapping(sp.GetRequiredService<SqliteInbox>()));
        });
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);

        var stored = await connection.SendEnvelopeAsync("events_api", Payload("events/app_mention.json"));
        await inbox.Entered.WaitAsync(TimeSpan.FromSeconds(20));
        // An envelope of a kind StarBot ignores is acked at once. Messages on a socket arrive in order, and this one
        // was sent after the store began: had the first been acked before its store, its ack would come first.
        var ignored = await connection.SendEnvelopeAsync("something_new", JsonSerializer.SerializeToElement(new { }));
        var firstAck = await connection.NextMessageAsync();
        inbox.Open();
        var secondAck = await connection.NextMessageAsync();

        Assert.Equal(ignored, firstAck.GetProperty("envelope_id").GetString());
        Assert.Equal(stored, secondAck.GetProperty("envelope_id").GetString());
        Assert.Equal(1, await host.InboxRowsAsync());
    }

    [Fact]
    public async Task An_envelope_that_could_not_be_stored_is_not_acked_and_its_redelivery_is_answered()
    {
        await using var slack = await FakeSlack.StartAsync();
        var inbox = new FailingOnceInbox();
        await using var host = await SlackHost.StartSocketModeAsync(slack, configure: services =>
        {
            services.AddSingleton<SqliteInbox>();
            services.AddSingleton<IInbox>(sp => inbox.Wrapping(sp.GetRequiredService<SqliteInbox>()));
        });
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);
        var mention = TopicsMention();

        await connection.SendEnvelopeAsync("events_api", mention);
        await inbox.Failed.WaitAsync(TimeSpan.FromSeconds(20));
        // Acks arrive in order: an envelope acked at once, sent after the failure, comes first if the failed one has no ack.
        var ignored = await connection.SendEnvelopeAsync("something_new", JsonSerializer.SerializeToElement(new { }));
        var next = await connection.NextMessageAsync();
        var redelivery = await connection.SendEnvelopeAsync("events_api", mention, retryAttempt: 1);
        var redeliveryAck = await connection.NextMessageAsync();
        await host.SettleAsync();

        Assert.Equal(ignored, next.GetProperty("envelope_id").GetString());
        Assert.Equal(redelivery, redeliveryAck.GetProperty("envelope_id").GetString());
        Assert.Single(slack.Posts);
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task A_slash_command_is_answered_in_its_ack_and_a_rounds_question_is_posted()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);

        var helpId = await connection.SendEnvelopeAsync("slash_commands", CommandPayload("commands/help.txt"), acceptsResponsePayload: true);
        var help = (await AckOfAsync(connection, helpId)).GetProperty("payload");
        var practiceId = await connection.SendEnvelopeAsync("slash_commands", CommandPayload("commands/practice_leadership.txt"), acceptsResponsePayload: true);
        var practice = (await AckOfAsync(connection, practiceId)).GetProperty("payload");

        Assert.Equal("ephemeral", help.GetProperty("response_type").GetString());
        Assert.Contains("practice [topic]", help.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Posting the question…", practice.GetProperty("text").GetString());
        var question = (await slack.WaitForPostsAsync(1))[0];
        Assert.Equal("C0PRACTICE", question.GetProperty("channel").GetString());
        Assert.False(question.TryGetProperty("thread_ts", out _));
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task A_button_press_is_stored_before_its_ack_and_a_schedule_forms_answer_rides_in_its_ack()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);

        var pressId = await connection.SendEnvelopeAsync("interactive", Payload("interactions/block_actions_message_button.json", s => s.Replace("q-leadership-without-authority", "example mentoring", StringComparison.Ordinal)), acceptsResponsePayload: false);
        var press = await AckOfAsync(connection, pressId);
        Assert.False(press.TryGetProperty("payload", out _));
        Assert.Equal(1, await host.InboxRowsAsync());
        var example = (await slack.WaitForPostsAsync(1))[0];
        Assert.Equal(("C0PRACTICE", "U0SAM00002"), (example.GetProperty("channel").GetString(), example.GetProperty("user").GetString()));

        var formId = await connection.SendEnvelopeAsync("interactive", Payload("interactions/view_submission.json", s => s.Replace("Europe/Berlin", "Mars/Olympus", StringComparison.Ordinal)), acceptsResponsePayload: true);
        var refused = (await AckOfAsync(connection, formId)).GetProperty("payload");
        Assert.Equal("errors", refused.GetProperty("response_action").GetString());
        Assert.Contains("not a time zone", refused.GetProperty("errors").GetProperty("zone").GetString(), StringComparison.Ordinal);
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task A_retried_envelope_is_acked_again_and_answered_once()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);
        var mention = Payload("events/app_mention.json", s => s.Replace("practice leadership", "topics", StringComparison.Ordinal));

        var first = await connection.SendEnvelopeAsync("events_api", mention);
        await AckOfAsync(connection, first);
        // Slack retries in a new envelope: the event's own key, not the envelope id, makes it the same event.
        var retry = await connection.SendEnvelopeAsync("events_api", mention, retryAttempt: 1);
        await AckOfAsync(connection, retry);
        await host.SettleAsync();

        Assert.NotEqual(first, retry);
        Assert.Equal(1, await host.InboxRowsAsync());
        Assert.Single(slack.Posts);
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task A_refresh_requested_disconnect_switches_to_a_new_connection_at_once_and_closes_the_old_one()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var old = await slack.SocketMode.WaitForConnectionAsync(1);
        await AckOfAsync(old, await old.SendEnvelopeAsync("events_api", TopicsMention()));

        await old.SendAsync(new { type = "disconnect", reason = "refresh_requested", debug_info = new { host = "fake" } });
        var fresh = await slack.SocketMode.WaitForConnectionAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await old.Closed.WaitAsync(TimeSpan.FromSeconds(10)));

        var id = await fresh.SendEnvelopeAsync("events_api", Payload("events/app_mention.json"));
        await AckOfAsync(fresh, id);
        await slack.WaitForPostsAsync(2);
        // Each connection asked for its own URL (the fake refuses a URL used twice).
        Assert.Equal(2, slack.SocketMode.Opened);
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task A_dropped_socket_is_reconnected_within_seconds()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var first = await slack.SocketMode.WaitForConnectionAsync(1);
        // The service is on this connection (it acks there), so the next one is a reconnection, not a first try's retry.
        await AckOfAsync(first, await first.SendEnvelopeAsync("events_api", TopicsMention()));

        first.Drop();
        var second = await slack.SocketMode.WaitForConnectionAsync(2, TimeSpan.FromSeconds(5));

        var id = await second.SendEnvelopeAsync("events_api", Payload("events/app_mention.json"));
        await AckOfAsync(second, id);
        await slack.WaitForPostsAsync(2);
        AssertNoViolations(slack);
    }

    [Fact]
    public async Task Link_disabled_stops_socket_mode_and_healthz_says_so()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);
        var connected = JsonDocument.Parse(await host.Http.GetStringAsync("/healthz")).RootElement;

        await connection.SendAsync(new { type = "disconnect", reason = "link_disabled" });
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        var disabled = JsonDocument.Parse(await host.Http.GetStringAsync("/healthz")).RootElement;

        Assert.Equal("connected", connected.GetProperty("slack").GetString());
        Assert.Equal("link_disabled", disabled.GetProperty("slack").GetString());
        Assert.Equal(1, slack.SocketMode.Opened);
    }

    [Fact]
    public async Task Shutdown_closes_the_socket_cleanly()
    {
        await using var slack = await FakeSlack.StartAsync();
        var host = await SlackHost.StartSocketModeAsync(slack);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);

        await host.DisposeAsync();

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task With_a_signing_secret_too_the_http_endpoints_answer_beside_socket_mode()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartSocketModeAsync(slack, withSigningSecret: true);
        var connection = await slack.SocketMode.WaitForConnectionAsync(1);

        var overHttp = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/help.txt"))).Content.ReadAsStringAsync()).RootElement;
        var id = await connection.SendEnvelopeAsync("slash_commands", CommandPayload("commands/help.txt"), acceptsResponsePayload: true);
        var overSocket = (await AckOfAsync(connection, id)).GetProperty("payload");

        Assert.Equal(overHttp.GetProperty("text").GetString(), overSocket.GetProperty("text").GetString());
        AssertNoViolations(slack);
    }
}

/// <summary>The real inbox behind a test's hook on <see cref="AcceptAsync"/>.</summary>
internal abstract class DelegatingInbox : IInbox
{
    protected IInbox Inner { get; private set; } = null!;

    public IInbox Wrapping(IInbox inner)
    {
        Inner = inner;
        return this;
    }

    public abstract Task<bool> AcceptAsync(string dedupeKey, Inbound inbound, DateTimeOffset now, CancellationToken cancellationToken);

    public Task<IReadOnlyList<InboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => Inner.LeaseAsync(max, now, lease, cancellationToken);

    public Task<IReadOnlyList<OutboxItem>> CompleteAsync(long id, IReadOnlyList<OutboundMessage> replies, DateTimeOffset now, DateTimeOffset repliesLeasedUntil, CancellationToken cancellationToken) =>
        Inner.CompleteAsync(id, replies, now, repliesLeasedUntil, cancellationToken);

    public Task FailAsync(long id, string error, DateTimeOffset retryAt, bool permanent, CancellationToken cancellationToken) => Inner.FailAsync(id, error, retryAt, permanent, cancellationToken);

    public Task<int> PendingCountAsync(CancellationToken cancellationToken) => Inner.PendingCountAsync(cancellationToken);
}

/// <summary>The real inbox, with its first store held until the test opens the gate.</summary>
internal sealed class GatedInbox : DelegatingInbox
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public void Open() => _open.TrySetResult();

    public override async Task<bool> AcceptAsync(string dedupeKey, Inbound inbound, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        return await Inner.AcceptAsync(dedupeKey, inbound, now, cancellationToken);
    }
}

/// <summary>The real inbox, whose first store fails as a locked or full database would.</summary>
internal sealed class FailingOnceInbox : DelegatingInbox
{
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Failed => _failed.Task;

    public override Task<bool> AcceptAsync(string dedupeKey, Inbound inbound, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_failed.TrySetResult())
        {
            throw new InvalidOperationException("database is locked");
        }

        return Inner.AcceptAsync(dedupeKey, inbound, now, cancellationToken);
    }
}
