using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Slack.Tests;

/// <summary>Slack's own fixtures sent, signed, to the real endpoints; replies checked at a fake Slack Web API.</summary>
public sealed class SlackServiceTests
{
    private const string Thread = "1764320400.000100";

    private static string Event(string fixture, Func<string, string>? change = null) => (change ?? (s => s))(Fixtures.Text(fixture));

    private static string ThreadReply(string user, string ts, string text, string eventId) =>
        Event("events/message_channel_thread_reply.json", s => s
            .Replace("U0SAM00002", user, StringComparison.Ordinal)
            .Replace("1764320520.000300", ts, StringComparison.Ordinal)
            .Replace("Ev0THREAD01", eventId, StringComparison.Ordinal)
            .Replace("When our on-call rota collapsed I took ownership of the rebuild. I interviewed each engineer, drafted a new rotation and got sign-off. Pages per person fell by 40% in a month.", text, StringComparison.Ordinal));

    [Fact]
    public async Task Url_verification_answers_the_challenge()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        var response = await host.EventAsync(Event("events/url_verification.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task Forged_stale_or_unsigned_requests_are_401_and_echo_nothing()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var body = Event("events/app_mention.json");

        var forged = await host.PostAsync("/slack/events", body, "application/json", signature: "v0=" + new string('0', 64));
        var stale = await host.PostAsync("/slack/events", body, "application/json", at: DateTimeOffset.UtcNow.AddMinutes(-6));
        var unsigned = await host.Http.PostAsync("/slack/events", new StringContent(body));
        var forgedCommand = await host.PostAsync("/slack/commands", Fixtures.Text("commands/help.txt"), "application/x-www-form-urlencoded", signature: "v0=bad");

        Assert.All(new[] { forged, stale, unsigned, forgedCommand }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("", await forged.Content.ReadAsStringAsync());
        // An event is stored before its ack: had any of them got past the check it would be in the inbox now, and
        // once the service has settled its reply would have been posted.
        Assert.Equal(0, await host.InboxRowsAsync());
        await host.SettleAsync();
        Assert.Empty(slack.Posts);
    }

    [Fact]
    public async Task Malformed_or_oversized_bodies_get_a_4xx_with_a_reason_and_unknown_types_are_ignored()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        var notJson = await host.EventAsync("this is not json");
        var notObject = await host.EventAsync("[1,2,3]");
        var notForm = await host.CommandAsync("");
        var noPayload = await host.PostAsync("/slack/interactions", "other=1", "application/x-www-form-urlencoded");
        var badPayload = await host.InteractionAsync("{oops");
        var huge = await host.EventAsync("{\"type\":\"event_callback\",\"pad\":\"" + new string('x', 70_000) + "\"}");
        var unknownType = await host.EventAsync("{\"type\":\"something_new\"}");
        var unknownEvent = await host.EventAsync("{\"type\":\"event_callback\",\"event\":{\"type\":\"reaction_added\"}}");
        var viewSubmission = await host.InteractionAsync(Fixtures.Text("interactions/view_submission.json"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("body is not JSON", await notJson.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notForm.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPayload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPayload.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownType.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEvent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewSubmission.StatusCode);
    }

    [Fact]
    public async Task Slash_commands_are_answered_in_the_response_body()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        var help = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/help.txt"))).Content.ReadAsStringAsync()).RootElement;
        var example = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/example_leadership.txt"))).Content.ReadAsStringAsync()).RootElement;
        var empty = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/empty_text_in_dm.txt"))).Content.ReadAsStringAsync()).RootElement;
        var badZone = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/schedule_bad_zone.txt"))).Content.ReadAsStringAsync()).RootElement;
        var unknown = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/help.txt").Replace("text=help", "text=frobnicate", StringComparison.Ordinal))).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("ephemeral", help.GetProperty("response_type").GetString());
        Assert.Contains("practice [topic]", help.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(example.GetProperty("blocks").EnumerateArray(), b => b.GetProperty("type").GetString() == "section" && b.GetProperty("text").GetProperty("text").GetString()!.StartsWith("*Situation*", StringComparison.Ordinal));
        Assert.Contains(example.GetProperty("blocks").EnumerateArray(), b => b.GetProperty("type").GetString() == "actions");
        Assert.Contains("Commands", empty.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"25:00\" is not a time", badZone.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("I don't know \"frobnicate\"", unknown.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(slack.Posts);
    }

    [Fact]
    public async Task A_team_round_in_a_channel_runs_through_the_real_endpoints()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        // /star practice leadership: the answer to the command is brief; the question is a new channel post.
        Assert.Equal(HttpStatusCode.OK, (await host.CommandAsync(Fixtures.Text("commands/practice_leadership.txt"))).StatusCode);
        var question = (await slack.WaitForPostsAsync(1))[0];
        Assert.False(question.TryGetProperty("thread_ts", out _));
        Assert.Equal("C0PRACTICE", question.GetProperty("channel").GetString());
        var round = slack.PostedTs.First();
        // The post's ts becomes the round's thread once the outbox records the post: answers must not overtake that.
        await host.SettleAsync();

        await host.EventAsync(ThreadReply("U0ALEX0001", "1764320500.000001", "At my last company our payment API slowed at peak and customers complained. I took the lead on fixing it. I ran a daily standup with three teams and proposed a phased fix. Latency fell from 500 ms to 80 ms in two weeks.", "EvA").Replace(Thread, round, StringComparison.Ordinal));
        await host.EventAsync(ThreadReply("U0SAM00002", "1764320510.000002", "We had a flaky deploy. We fixed it and it went fine.", "EvB").Replace(Thread, round, StringComparison.Ordinal));
        var feedback = (await slack.WaitForPostsAsync(3)).Skip(1).ToList();
        Assert.All(feedback, f => Assert.Equal(round, f.GetProperty("thread_ts").GetString()));
        Assert.Contains(feedback, f => f.GetProperty("text").GetString()!.StartsWith("Feedback for <@U0ALEX0001>", StringComparison.Ordinal));
        Assert.Contains(feedback, f => f.GetProperty("text").GetString()!.StartsWith("Feedback for <@U0SAM00002>", StringComparison.Ordinal));

        await host.EventAsync(ThreadReply("U0ALEX0001", "1764320520.000003", "done", "EvC").Replace(Thread, round, StringComparison.Ordinal));
        var summary = (await slack.WaitForPostsAsync(4))[3];
        Assert.StartsWith("Round closed", summary.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(round, summary.GetProperty("thread_ts").GetString());
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task Retries_twins_and_bot_messages_never_produce_a_second_reply()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var mention = Event("events/app_mention.json", s => s.Replace("practice leadership", "topics", StringComparison.Ordinal));
        var twin = mention.Replace("\"type\": \"app_mention\"", "\"type\": \"message\", \"channel_type\": \"channel\"", StringComparison.Ordinal).Replace("Ev0MENTION1", "Ev0TWIN0001", StringComparison.Ordinal);

        await host.EventAsync(mention);
        await host.EventAsync(mention, retry: 1);
        await host.EventAsync(twin);
        // The bots' posts mention StarBot with a command, so that only dropping them keeps them from being answered.
        await host.EventAsync(Event("events/message_own_bot_post.json", s => s.Replace("Question of the day: tell us about a time you led without authority.", $"<@{Fixtures.BotUserId}> topics", StringComparison.Ordinal)));
        await host.EventAsync(Event("events/message_bot_message_subtype.json", s => s.Replace("\"Deploy finished\"", $"\"<@{Fixtures.BotUserId}> topics\"", StringComparison.Ordinal)));
        await host.EventAsync(Event("events/message_channel_top_level.json"));

        // Each was stored (or not) before its ack: only the mention is in the inbox, and once it is handled and its
        // reply delivered there is nothing left that could post a second reply.
        Assert.Equal(1, await host.InboxRowsAsync());
        await host.SettleAsync();
        var post = Assert.Single(slack.Posts);
        Assert.Equal("ephemeral", post.TryGetProperty("user", out _) ? "ephemeral" : "message");
    }

    [Fact]
    public async Task A_direct_message_and_a_button_press_are_answered()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        await host.EventAsync(Event("events/message_im.json"));
        var dm = (await slack.WaitForPostsAsync(1))[0];
        Assert.Equal(("D0ALEXDM01", false), (dm.GetProperty("channel").GetString(), dm.TryGetProperty("user", out _)));
        Assert.StartsWith("Example answer", dm.GetProperty("text").GetString(), StringComparison.Ordinal);

        var press = Fixtures.Text("interactions/block_actions_message_button.json").Replace("q-leadership-without-authority", "example mentoring", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.InteractionAsync(press)).StatusCode);
        var answer = (await slack.WaitForPostsAsync(2))[1];
        Assert.Equal(("C0PRACTICE", "U0SAM00002"), (answer.GetProperty("channel").GetString(), answer.GetProperty("user").GetString()));
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task Star_schedule_alone_opens_a_modal_whose_submission_sets_the_schedule_or_names_the_bad_field()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        var open = await host.CommandAsync(Fixtures.Text("commands/help.txt").Replace("text=help", "text=schedule", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var view = slack.Calls.Single(c => c.Method == "views.open").Body.GetProperty("view");
        Assert.Equal(("modal", "star.schedule", "C0PRACTICE"), (view.GetProperty("type").GetString(), view.GetProperty("callback_id").GetString(), view.GetProperty("private_metadata").GetString()));

        var bad = JsonDocument.Parse(await (await host.InteractionAsync(Fixtures.Text("interactions/view_submission.json").Replace("Europe/Berlin", "Mars/Olympus", StringComparison.Ordinal))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("errors", bad.GetProperty("response_action").GetString());
        Assert.Contains("not a time zone", bad.GetProperty("errors").GetProperty("zone").GetString(), StringComparison.Ordinal);

        var good = JsonDocument.Parse(await (await host.InteractionAsync(Fixtures.Text("interactions/view_submission.json"))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("clear", good.GetProperty("response_action").GetString());
        var announcement = (await slack.WaitForPostsAsync(1))[0];
        Assert.Contains("09:00 Europe/Berlin, weekdays", announcement.GetProperty("text").GetString(), StringComparison.Ordinal);
        var schedules = (IScheduleStore)host.App.Services.GetService(typeof(IScheduleStore))!;
        Assert.Equal("Europe/Berlin", (await schedules.GetAsync("slack", "C0PRACTICE", default))!.TimeZoneId);
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task The_Home_tab_shows_my_practice_and_its_button_answers_in_my_direct_message()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);

        Assert.Equal(HttpStatusCode.OK, (await host.EventAsync(Event("events/app_home_opened.json"))).StatusCode);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!slack.Calls.Any(c => c.Method == "views.publish") && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        var publish = slack.Calls.Single(c => c.Method == "views.publish").Body;
        Assert.Equal("U0ALEX0001", publish.GetProperty("user_id").GetString());
        Assert.Equal("home", publish.GetProperty("view").GetProperty("type").GetString());
        Assert.Contains("Practise now", publish.GetProperty("view").GetRawText(), StringComparison.Ordinal);

        await host.InteractionAsync(Fixtures.Text("interactions/block_actions_app_home_button.json"));
        var answer = (await slack.WaitForPostsAsync(1))[0];
        Assert.Contains(slack.Calls, c => c.Method == "conversations.open");
        Assert.Equal("D0SAMDM002", answer.GetProperty("channel").GetString());
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task A_schedule_without_a_zone_takes_the_askers_zone_from_users_info_or_asks_for_it()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        slack.UserTimeZones["U0ALEX0001"] = "America/Chicago";
        var command = Fixtures.Text("commands/help.txt").Replace("text=help", "text=schedule+daily+09%3A00", StringComparison.Ordinal);

        // A slash command is answered in its HTTP response.
        var set = JsonDocument.Parse(await (await host.CommandAsync(command)).Content.ReadAsStringAsync()).RootElement.GetProperty("text").GetString()!;
        var other = command.Replace("U0ALEX0001", "U0SAM00002", StringComparison.Ordinal).Replace("1111111111.2222222222", "1111111111.3333333333", StringComparison.Ordinal);
        var asked = JsonDocument.Parse(await (await host.CommandAsync(other)).Content.ReadAsStringAsync()).RootElement.GetProperty("text").GetString()!;

        Assert.Contains("I took your time zone, America/Chicago", set, StringComparison.Ordinal);
        Assert.Equal(["U0ALEX0001", "U0SAM00002"], slack.Calls.Where(c => c.Method == "users.info").Select(c => c.Body.GetProperty("user").GetString()));
        Assert.Contains("Which time zone should 09:00 be in?", asked, StringComparison.Ordinal);
        var schedules = host.App.Services.GetRequiredService<IScheduleStore>();
        Assert.Equal("America/Chicago", (await schedules.GetAsync("slack", "C0PRACTICE", default))!.TimeZoneId);
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task The_schedule_modal_takes_the_askers_zone_when_left_empty_and_names_a_zone_it_does_not_know()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        slack.UserTimeZones["U0SAM00002"] = "Asia/Tokyo";
        var submission = Fixtures.Text("interactions/view_submission.json");

        // A word without a slash is still what the zone field says it is: a zone, not the start of a topic.
        var bad = JsonDocument.Parse(await (await host.InteractionAsync(submission.Replace("\"Europe/Berlin\"", "\"Berlin\"", StringComparison.Ordinal))).Content.ReadAsStringAsync()).RootElement;
        var empty = JsonDocument.Parse(await (await host.InteractionAsync(submission.Replace("\"Europe/Berlin\"", "null", StringComparison.Ordinal))).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("errors", bad.GetProperty("response_action").GetString());
        Assert.Contains("\"Berlin\" is not a time zone", bad.GetProperty("errors").GetProperty("zone").GetString(), StringComparison.Ordinal);
        Assert.Equal("clear", empty.GetProperty("response_action").GetString());
        var schedules = host.App.Services.GetRequiredService<IScheduleStore>();
        Assert.Equal("Asia/Tokyo", (await schedules.GetAsync("slack", "C0PRACTICE", default))!.TimeZoneId);
        Assert.Contains("I took your time zone, Asia/Tokyo", (await slack.WaitForPostsAsync(1))[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task The_Home_tab_shows_my_progress_like_the_history_command()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        var rounds = host.App.Services.GetRequiredService<IRoundStore>();
        var now = DateTimeOffset.UtcNow;
        await rounds.CreateAsync(new Round("home-r1", "slack", "C0PRACTICE", "T1", "q1", null, null, now), default);
        var parts = Enum.GetValues<StarPart>().ToDictionary(p => p, p => p == StarPart.Result ? PartStatus.Missing : PartStatus.Present);
        await rounds.AddAnswerAsync(new RoundAnswer("home-r1", "m1", "U0ALEX0001", "alex", "an answer", parts, now), default);

        await host.EventAsync(Event("events/app_home_opened.json"));
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!slack.Calls.Any(c => c.Method == "views.publish") && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        var view = slack.Calls.Single(c => c.Method == "views.publish").Body.GetProperty("view").GetRawText();
        Assert.Contains("How often you covered each part", view, StringComparison.Ordinal);
        Assert.Contains("*Result*: 0 of 1", view, StringComparison.Ordinal);
        Assert.Contains("1 day in a row, up to today", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limited_post_is_sent_after_Retry_After_and_an_uninstall_stops_schedules()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        slack.Failures.Enqueue("429");
        slack.Failures.Enqueue("internal_error");

        await host.EventAsync(Event("events/message_im.json"));
        await slack.WaitForPostsAsync(1, TimeSpan.FromSeconds(30));
        // Sent again only once the Retry-After (1 s) had passed.
        var attempts = slack.Requests.Where(r => r.Method == "chat.postMessage").ToList();
        Assert.Equal(429, attempts[0].Status);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");

        var set = JsonDocument.Parse(await (await host.CommandAsync(Fixtures.Text("commands/schedule_daily_berlin.txt"))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("in_channel", set.GetProperty("response_type").GetString());
        var schedules = (IScheduleStore)host.App.Services.GetService(typeof(IScheduleStore))!;
        Assert.NotNull(await schedules.GetAsync("slack", "C0PRACTICE", default));
        await host.EventAsync(Event("events/app_uninstalled.json"));
        Assert.Null(await schedules.GetAsync("slack", "C0PRACTICE", default));
    }

    [Fact]
    public async Task Where_a_channel_chose_private_feedback_it_goes_to_the_persons_direct_message()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        await host.CommandAsync(Fixtures.Text("commands/help.txt").Replace("text=help", "text=settings+feedback+private", StringComparison.Ordinal));
        await host.CommandAsync(Fixtures.Text("commands/practice_leadership.txt"));
        await slack.WaitForPostsAsync(1);
        var round = slack.PostedTs.First();
        // The round takes its thread once the question is posted.
        var rounds = (StarBot.Core.Conversation.IRoundStore)host.App.Services.GetService(typeof(StarBot.Core.Conversation.IRoundStore))!;
        for (var i = 0; i < 100 && await rounds.FindAsync("slack", "C0PRACTICE", round, default) is null; i++)
        {
            await Task.Delay(50);
        }

        await host.EventAsync(ThreadReply("U0SAM00002", "1764320510.000002", "We had a flaky deploy. I fixed the pipeline and it went fine in two weeks.", "EvB").Replace(Thread, round, StringComparison.Ordinal));
        var feedback = (await slack.WaitForPostsAsync(2))[1];

        Assert.Contains(slack.Calls, c => c.Method == "conversations.open" && c.Body.GetProperty("users").GetString() == "U0SAM00002");
        Assert.Equal("D0SAMDM002", feedback.GetProperty("channel").GetString());
        Assert.False(feedback.TryGetProperty("thread_ts", out _));
        Assert.StartsWith("Feedback for <@U0SAM00002>", feedback.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(slack.Calls, c => c.Method == "chat.postEphemeral");
        Assert.Empty(slack.Violations);
    }

    [Fact]
    public async Task Practice_in_a_channel_the_bot_is_not_in_tells_the_person_to_invite_it()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SlackHost.StartAsync(slack);
        slack.Failures.Enqueue("not_in_channel");

        var answer = await host.CommandAsync(Fixtures.Text("commands/practice_leadership.txt"));
        // The refused question post is not recorded by the fake; the notice is the one post.
        var posts = await slack.WaitForPostsAsync(1);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(slack.Calls, c => c.Method == "conversations.open" && c.Body.GetProperty("users").GetString() == "U0ALEX0001");
        var notice = Assert.Single(posts);
        Assert.Equal("D0SAMDM002", notice.GetProperty("channel").GetString());
        Assert.Contains("/invite @StarBot", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<#C0PRACTICE>", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(slack.Violations);
    }
}

public sealed class SlackConfigurationTests
{
    [Theory]
    [InlineData("Slack__BotToken", "xoxb-1", "Slack:SigningSecret (HTTP endpoints) or Slack:AppToken (Socket Mode) is required when Slack:BotToken is set")]
    [InlineData("Slack__AppToken", "xapp-1-A0-1-secretvalue", "Slack:BotToken is required when Slack:AppToken is set")]
    [InlineData("Slack__SigningSecret", "abc", "Slack:BotToken is required when Slack:SigningSecret is set")]
    [InlineData("Slack__BotToken", "xoxp-user-token", "Slack:BotToken must be a bot token")]
    public async Task Half_configured_Slack_refuses_to_start_naming_the_key(string key, string value, string message)
    {
        using var folder = new StarBot.Testing.TempFolder();
        var environment = new Dictionary<string, string>
        {
            [key] = value,
            ["Storage__Path"] = Path.Combine(folder.Path, "x.db"),
            ["Content__Path"] = StarBot.Testing.RepoPaths.Content,
        };
        if (key == "Slack__BotToken" && value.StartsWith("xoxp", StringComparison.Ordinal))
        {
            environment["Slack__SigningSecret"] = "abc";
        }

        var result = await StarBot.Testing.StarBotProcess.RunAsync(["serve", "--urls", "http://127.0.0.1:0"], environment: environment, workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(value == "abc" ? "abc\n" : value, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_asks_for_the_events_and_scopes_StarBot_uses()
    {
        var manifest = File.ReadAllText(Path.Combine(StarBot.Testing.RepoPaths.Root, "slack", "manifest.yml"));

        foreach (var expected in new[] { "app_mention", "message.channels", "message.groups", "message.im", "app_home_opened", "app_uninstalled", "tokens_revoked", "/slack/events", "/slack/commands", "/slack/interactions", "chat:write", "commands", "users:read", "messages_tab_enabled: true", "home_tab_enabled: true" })
        {
            Assert.Contains(expected, manifest, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("channels:read", manifest, StringComparison.Ordinal);
        // users:read is for time zones (users.info); nothing needs people's email addresses.
        Assert.DoesNotContain("users:read.email", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void The_socket_mode_manifest_turns_socket_mode_on_names_no_url_and_asks_for_what_the_http_one_does()
    {
        static List<string> Lines(string name) => [.. File.ReadAllLines(Path.Combine(StarBot.Testing.RepoPaths.Root, "slack", name)).Select(l => l.Trim())];
        var socket = Lines("manifest-socket-mode.yml");
        var http = Lines("manifest.yml");

        Assert.Contains("socket_mode_enabled: true", socket);
        Assert.DoesNotContain(socket, l => !l.StartsWith('#') && (l.Contains("url:", StringComparison.Ordinal) || l.Contains("https://", StringComparison.Ordinal)));
        // The same scopes and events: list items (bot_events, scopes) are the lines starting with "- ".
        Assert.Equal(http.Where(l => l.StartsWith("- ", StringComparison.Ordinal) && !l.Contains("command:", StringComparison.Ordinal)), socket.Where(l => l.StartsWith("- ", StringComparison.Ordinal) && !l.Contains("command:", StringComparison.Ordinal)));
        Assert.Contains("- command: /star", socket);
    }
}

public sealed class SlackStartupLogTests
{
    /// <summary>A Slack-only start says which platforms are on, one line each, names the bot from auth.test, and never prints a secret.</summary>
    [Fact]
    public async Task A_Slack_only_start_says_Slack_is_on_with_its_bot_and_team_and_Teams_is_off()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var folder = new StarBot.Testing.TempFolder();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = StarBot.Testing.StarBotProcess.Serve(folder, StarBot.Testing.LoopbackServer.FreePort(), new Dictionary<string, string>
        {
            ["Slack__SigningSecret"] = SlackHost.SigningSecret,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.BaseUrl,
            ["Logging__LogLevel__Default"] = "Information",
        }, output);
        try
        {
            Assert.True(await StarBot.Testing.StarBotProcess.WaitForLineAsync(output, $"Slack: on, bot {Fixtures.BotUserId}, team T0STARTEAM"), string.Join('\n', output));
            Assert.True(await StarBot.Testing.StarBotProcess.WaitForLineAsync(output, "Teams: off"), string.Join('\n', output));
            Assert.DoesNotContain(output, l => l.Contains("Emulator", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(output, l => l.Contains(SlackHost.SigningSecret, StringComparison.Ordinal) || l.Contains(FakeSlack.Token, StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>A Socket Mode start says so, connects, and prints neither token nor the single-use connection URL.</summary>
    [Fact]
    public async Task A_Socket_Mode_start_says_which_mode_is_on_and_prints_no_token()
    {
        await using var slack = await FakeSlack.StartAsync();
        using var folder = new StarBot.Testing.TempFolder();
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = StarBot.Testing.StarBotProcess.Serve(folder, StarBot.Testing.LoopbackServer.FreePort(), new Dictionary<string, string>
        {
            ["Slack__AppToken"] = FakeSocketMode.AppToken,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.BaseUrl,
            ["Logging__LogLevel__Default"] = "Information",
        }, output);
        try
        {
            Assert.True(await StarBot.Testing.StarBotProcess.WaitForLineAsync(output, "Slack: Socket Mode"), string.Join('\n', output));
            Assert.True(await StarBot.Testing.StarBotProcess.WaitForLineAsync(output, "Slack Socket Mode: connected"), string.Join('\n', output));
            await slack.SocketMode.WaitForConnectionAsync(1);
            Assert.DoesNotContain(output, l => l.Contains("Slack: HTTP endpoints", StringComparison.Ordinal));
            Assert.DoesNotContain(output, l => l.Contains(FakeSocketMode.AppToken, StringComparison.Ordinal) || l.Contains(FakeSlack.Token, StringComparison.Ordinal) || l.Contains("ticket", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
