using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;

namespace StarBot.Teams.Tests;

/// <summary>Teams's activities through the real <c>/api/messages</c> on loopback; replies land on a fake Bot Connector.</summary>
public sealed class TeamsServiceTests
{
    private const string Channel = "19:PracticeChannel00000000000@thread.tacv2";
    private const string Chain = "1764320400123";
    private const string Alex = "29:1AlexAaaaBbbbCcccDdddEeeeFfffGggg";
    private const string Sam = "29:1SamHhhhIiiiJjjjKkkkLlllMmmmNnnn";

    private const string AlexAnswer = "<at>StarBot</at> Last spring our checkout service kept failing during sales. As the team lead I had to make it reliable before Black Friday. " +
        "I profiled the payment calls, I added a queue in front of the provider and I ran two load tests with the team. " +
        "As a result errors fell from 4% to 0.1% and we took 30% more orders. I learned to test for peak load early.";

    [Fact]
    public async Task A_personal_message_is_answered_in_the_chat_with_an_Adaptive_Card()
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await host.PostAsync(host.Fixture("message_personal.json"));
        var calls = await host.Connector.WaitForDeliveredAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(calls);
        Assert.Equal("/v3/conversations/a:1PersonalChatWithAlex0000000000000000000000000000/activities", call.Path);
        Assert.Equal("", call.Authorization); // the Emulator's mode: no app, no token
        Assert.Contains("Example answer", call.Card);
        Assert.Contains("Situation", call.Card);
        Assert.Empty(host.Connector.Violations);
    }

    [Fact]
    public async Task A_whole_channel_round_with_two_people_lives_in_the_reply_chain_of_the_message_that_asked()
    {
        await using var host = await TeamsHost.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(host.Fixture("message_channel_mention_new_post.json"))).StatusCode);
        // The round takes the chain once its question is delivered; people answer after that.
        await host.SettleAsync();
        await host.PostAsync(host.Fixture("message_channel_thread_reply.json"));
        await host.Connector.WaitForDeliveredAsync(2);
        await host.PostAsync(host.Fixture("message_channel_thread_reply.json", a =>
        {
            a["id"] = "1764320530000";
            a["from"] = new JsonObject { ["id"] = Alex, ["name"] = "Alex Doe" };
            a["text"] = AlexAnswer;
        }));
        await host.Connector.WaitForDeliveredAsync(3);
        await host.PostAsync(host.Fixture("message_channel_thread_reply.json", a =>
        {
            a["id"] = "1764320590000";
            a["from"] = new JsonObject { ["id"] = Alex, ["name"] = "Alex Doe" };
            a["text"] = "<at>StarBot</at> done";
        }));
        var calls = await host.Connector.WaitForDeliveredAsync(4);

        Assert.Equal(4, calls.Count);
        Assert.All(calls, c => Assert.Equal($"/v3/conversations/{Channel};messageid={Chain}/activities/{Chain}", c.Path));
        Assert.Contains("Practice round", calls[0].Card);
        Assert.Contains("Start your reply with **@StarBot**", calls[0].Card);
        Assert.Contains("Feedback for Sam Roe", calls[1].Card);
        Assert.Contains("Feedback for Alex Doe", calls[2].Card);
        Assert.Contains("Round closed", calls[3].Card);
        Assert.Contains("Sam Roe", calls[3].Card);
        Assert.Empty(host.Connector.Violations);
    }

    [Fact]
    public async Task Without_a_mention_a_reply_in_the_rounds_chain_still_counts_where_the_app_has_resource_specific_consent()
    {
        await using var host = await TeamsHost.StartAsync();

        await host.PostAsync(host.Fixture("message_channel_mention_new_post.json"));
        await host.SettleAsync();
        await host.PostAsync(host.Fixture("message_channel_thread_reply_rsc_no_mention.json", a => a["text"] = AlexAnswer.Replace("<at>StarBot</at> ", "")));
        var calls = await host.Connector.WaitForDeliveredAsync(2);

        Assert.Contains("Feedback for", calls[1].Card);
        Assert.Equal($"/v3/conversations/{Channel};messageid={Chain}/activities/{Chain}", calls[1].Path);
    }

    [Fact]
    public async Task Practice_asked_inside_a_rounds_chain_opens_a_new_channel_post_not_a_second_round_in_that_chain()
    {
        await using var host = await TeamsHost.StartAsync();
        await host.PostAsync(host.Fixture("message_channel_mention_new_post.json"));
        await host.Connector.WaitForDeliveredAsync(1);
        await host.SettleAsync();

        await host.PostAsync(host.Fixture("message_channel_thread_reply.json", a =>
        {
            a["id"] = "1764320530000";
            a["text"] = "<at>StarBot</at> practice conflict";
        }));
        var calls = await host.Connector.WaitForDeliveredAsync(2);

        // The first question went into the asking message's chain; the second is a post of its own in the channel.
        Assert.Equal($"/v3/conversations/{Channel};messageid={Chain}/activities/{Chain}", calls[0].Path);
        Assert.Equal("/v3/conversations", calls[1].Path);
        Assert.Equal(Channel, calls[1].Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Contains("Practice round", calls[1].Card);
        Assert.Empty(host.Connector.Violations);
    }

    [Fact]
    public async Task A_card_button_pressed_in_a_chain_is_the_command_it_stands_for()
    {
        await using var host = await TeamsHost.StartAsync();

        await host.PostAsync(host.Fixture("message_action_submit.json"));
        var calls = await host.Connector.WaitForDeliveredAsync(2);

        // An example is just for the person who asked: in a channel, that is a one-to-one chat with them.
        Assert.Equal(("/v3/conversations", $"/v3/conversations/a:1Private{Sam}/activities"), (calls[0].Path, calls[1].Path));
        Assert.Contains("Example answer", calls[1].Card);
    }

    [Fact]
    public async Task An_Action_Execute_invoke_is_answered_inside_the_request_with_a_card()
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await host.PostAsync(host.Fixture("invoke_adaptive_card_action_execute.json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Contains("Practice question", body["value"]!.ToJsonString());
    }

    [Fact]
    public async Task The_bots_own_message_is_never_answered()
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await host.PostAsync(host.Fixture("message_from_bot_itself.json"));
        await host.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Connector.Calls);
    }

    [Fact]
    public async Task A_redelivered_activity_is_answered_once()
    {
        await using var host = await TeamsHost.StartAsync();

        await host.PostAsync(host.Fixture("message_personal.json"));
        await host.PostAsync(host.Fixture("message_personal.json"));
        await host.SettleAsync();

        Assert.Single(host.Connector.Delivered);
    }

    [Theory]
    [InlineData("not json", "body is not JSON")]
    [InlineData("[1,2]", "body is not a JSON object")]
    [InlineData("""{"from":{"id":"u"},"conversation":{"id":"c"},"serviceUrl":"https://x/"}""", "activity has no type")]
    [InlineData("""{"type":"message","conversation":{"id":"c"},"serviceUrl":"https://x/"}""", "activity has no from.id")]
    [InlineData("""{"type":"message","from":{"id":"u"},"serviceUrl":"https://x/"}""", "activity has no conversation.id")]
    [InlineData("""{"type":"message","from":{"id":"u"},"conversation":{"id":"c"},"serviceUrl":"ftp://x/"}""", "activity has no http(s) serviceUrl")]
    [InlineData("""{"type":"message","from":{"id":"u"},"conversation":{"id":"c"}}""", "activity has no http(s) serviceUrl")]
    public async Task A_body_that_is_not_an_activity_is_a_400_with_the_reason(string body, string reason)
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await host.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("channelData", "\"19:channel\"", "activity's channelData is not a JSON object")]
    [InlineData("channelData", "[1]", "activity's channelData is not a JSON object")]
    [InlineData("recipient", "\"bot\"", "activity's recipient is not a JSON object")]
    [InlineData("entities", "{\"type\":\"mention\"}", "activity's entities is not an array of objects")]
    [InlineData("membersAdded", "[\"u\"]", "activity's membersAdded is not an array of objects")]
    public async Task An_activity_whose_typed_fields_have_the_wrong_shape_is_a_400_with_the_reason(string field, string value, string reason)
    {
        await using var host = await TeamsHost.StartAsync();

        var response = await host.PostAsync(host.Fixture("message_personal.json", a => a[field] = JsonNode.Parse(value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        await using var host = await TeamsHost.StartAsync(settings: new() { ["Teams:MaxBodyBytes"] = "4096" });

        var response = await host.PostAsync(host.Fixture("message_personal.json", a => a["text"] = new string('x', 5000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Installing_in_a_team_says_hello_once_and_uninstalling_stops_its_schedules_and_messages()
    {
        await using var host = await TeamsHost.StartAsync();
        const string general = "19:TeamGeneralChannel0000000000@thread.tacv2";

        await host.PostAsync(host.Fixture("conversation_update_bot_added_to_team.json"));
        await host.PostAsync(host.Fixture("installation_update_add.json"));
        await host.SettleAsync();
        var welcome = Assert.Single(host.Connector.Delivered);
        Assert.Equal($"/v3/conversations/{general}/activities", welcome.Path);
        Assert.Contains("help", welcome.Card);

        await host.PostAsync(host.Fixture("message_channel_mention_new_post.json", a =>
        {
            a["conversation"]!["id"] = general + ";messageid=1764320700000";
            a["id"] = "1764320700000";
            a["text"] = "<at>StarBot</at> schedule daily 09:00 Europe/Berlin weekdays";
        }));
        await host.SettleAsync();
        var schedules = host.App.Services.GetRequiredService<IScheduleStore>();
        Assert.NotNull(await schedules.GetAsync("teams", general, default));

        var response = await host.PostAsync(host.Fixture("installation_update_remove.json"));
        await host.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await schedules.GetAsync("teams", general, default));
        var address = await host.App.Services.GetRequiredService<IConversationAddressStore>().GetAsync("teams", general, default);
        Assert.False(address!.Active);
    }

    [Fact]
    public async Task A_throttled_send_is_retried_after_Retry_After_and_delivered_once()
    {
        await using var host = await TeamsHost.StartAsync();
        host.Connector.Throttle = 1;

        await host.PostAsync(host.Fixture("message_personal.json"));
        await host.Connector.WaitForDeliveredAsync(1);

        Assert.Equal([429, 200], host.Connector.Calls.Select(c => c.Status));
        Assert.Single(host.Connector.Delivered);
        // Sent again only once the connector's Retry-After (2 s) had passed.
        var calls = host.Connector.Calls.ToList();
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1.95), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Private_feedback_goes_to_a_one_to_one_chat_with_the_person()
    {
        await using var host = await TeamsHost.StartAsync();

        await host.PostAsync(host.Fixture("message_channel_mention_new_post.json", a =>
        {
            a["id"] = "1764320390000";
            a["conversation"]!["id"] = Channel + ";messageid=1764320390000";
            a["text"] = "<at>StarBot</at> settings feedback private";
        }));
        await host.PostAsync(host.Fixture("message_channel_mention_new_post.json"));
        await host.SettleAsync();
        await host.PostAsync(host.Fixture("message_channel_thread_reply.json"));
        var calls = await host.Connector.WaitForDeliveredAsync(4);

        var create = calls[2];
        Assert.Equal("/v3/conversations", create.Path);
        Assert.False(create.Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal(Sam, create.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal($"/v3/conversations/a:1Private{Sam}/activities", calls[3].Path);
        Assert.Contains("Feedback for Sam Roe", calls[3].Card);
    }

    [Fact]
    public async Task The_daily_question_is_a_new_channel_post_from_the_stored_reference_and_opens_a_round_in_its_chain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero)); // Monday 08:00 in Berlin
        await using var host = await TeamsHost.StartAsync(s => s.AddSingleton<TimeProvider>(clock), new() { ["Scheduler:PollInterval"] = "00:00:00.200" });

        await host.PostAsync(host.Fixture("message_channel_mention_new_post.json", a => a["text"] = "<at>StarBot</at> schedule daily 09:00 Europe/Berlin weekdays"));
        var confirmation = (await host.Connector.WaitForDeliveredAsync(1)).Single();
        await host.SettleAsync();
        Assert.Contains("09:00", confirmation.Card);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        var calls = await host.Connector.WaitForDeliveredAsync(2);
        var post = calls[1];
        Assert.Equal("/v3/conversations", post.Path);
        Assert.True(post.Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal(Channel, post.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Contains("Practice round", post.Card);

        // Teams gave the post an id: replies in its chain are answers in the daily round.
        var postId = calls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var chain = await host.App.Services.GetRequiredService<StarBot.Core.Conversation.IRoundStore>().OpenBeforeAsync(clock.GetUtcNow().AddMinutes(1), 10, default);
        var round = Assert.Single(chain);
        Assert.NotNull(round.ThreadId);
        await host.PostAsync(host.Fixture("message_channel_thread_reply.json", a => a["conversation"]!["id"] = $"{Channel};messageid={round.ThreadId}"));
        calls = await host.Connector.WaitForDeliveredAsync(3);
        Assert.Equal($"/v3/conversations/{Channel};messageid={round.ThreadId}/activities/{round.ThreadId}", calls[2].Path);
        Assert.Contains("Feedback for Sam Roe", calls[2].Card);
        Assert.Empty(host.Connector.Violations);
    }
}

public sealed class TeamsPersonalInstallTests
{
    [Fact]
    public async Task Adding_the_bot_to_a_personal_chat_says_hello_there_with_the_commands()
    {
        await using var host = await TeamsHost.StartAsync();

        await host.PostAsync(host.Fixture("conversation_update_bot_added_personal.json"));
        var welcome = (await host.Connector.WaitForDeliveredAsync(1)).Single();

        var conversation = host.Fixture("conversation_update_bot_added_personal.json")["conversation"]!["id"]!.GetValue<string>();
        Assert.Equal($"/v3/conversations/{conversation}/activities", welcome.Path);
        Assert.Contains("StarBot", welcome.Card);
        Assert.Contains("practice", welcome.Card);
    }
}

public sealed class TeamsPersonalDailyQuestionTests
{
    [Fact]
    public async Task A_daily_question_in_a_personal_chat_takes_the_next_message_as_the_answer()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        await using var host = await TeamsHost.StartAsync(s => s.AddSingleton<TimeProvider>(clock), new() { ["Scheduler:PollInterval"] = "00:00:00.200" });

        await host.PostAsync(host.Fixture("message_personal.json", a => a["text"] = "schedule daily 09:00 Europe/Berlin weekdays"));
        await host.Connector.WaitForDeliveredAsync(1);
        await host.SettleAsync();
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        var question = (await host.Connector.WaitForDeliveredAsync(2))[1];
        await host.SettleAsync();
        await host.PostAsync(host.Fixture("message_personal.json", a =>
        {
            a["id"] = "1764330000000";
            a["text"] = "Last spring our checkout kept failing during sales. I had to make it reliable. I added a queue and ran load tests. Errors fell from 4% to 0.1%.";
        }));
        var feedback = (await host.Connector.WaitForDeliveredAsync(3))[2];

        Assert.Equal("/v3/conversations/a:1PersonalChatWithAlex0000000000000000000000000000/activities", question.Path);
        Assert.Contains("Practice round", question.Card);
        Assert.DoesNotContain("@StarBot", question.Card); // a personal chat needs no mention
        Assert.Contains("Feedback for Alex Doe", feedback.Card);
    }
}
