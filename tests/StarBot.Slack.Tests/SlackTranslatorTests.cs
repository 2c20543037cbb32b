using StarBot.Core.Conversation;

namespace StarBot.Slack.Tests;

public sealed class SlackTranslatorTests
{
    [Fact]
    public void An_app_mention_becomes_a_mention_without_the_bots_name()
    {
        var (inbound, key) = SlackTranslator.Message(Fixtures.Json("events/app_mention.json"), Fixtures.BotUserId)!.Value;

        Assert.Equal(("practice leadership", true, false, null), (inbound.Text, inbound.IsMention, inbound.IsDirect, inbound.ThreadId));
        Assert.Equal(("C0PRACTICE", "1764320455.000200", "U0ALEX0001", "T0STARTEAM"), (inbound.ConversationId, inbound.MessageId, inbound.UserId, inbound.TeamId));
        Assert.Equal("slack:T0STARTEAM:C0PRACTICE:1764320455.000200", key);
    }

    [Fact]
    public void The_same_message_as_app_mention_and_as_message_has_one_key()
    {
        var mention = Fixtures.Json("events/app_mention.json");
        var twin = System.Text.Json.JsonDocument.Parse(Fixtures.Text("events/app_mention.json")
            .Replace("\"type\": \"app_mention\"", "\"type\": \"message\", \"channel_type\": \"channel\"", StringComparison.Ordinal)
            .Replace("Ev0MENTION1", "Ev0TWIN0001", StringComparison.Ordinal)).RootElement;

        var a = SlackTranslator.Message(mention, Fixtures.BotUserId)!.Value;
        var b = SlackTranslator.Message(twin, Fixtures.BotUserId)!.Value;

        Assert.Equal(a.DedupeKey, b.DedupeKey);
        Assert.Equal(a.Inbound, b.Inbound);
    }

    [Fact]
    public void A_thread_reply_carries_its_thread_and_a_direct_message_is_direct()
    {
        var reply = SlackTranslator.Message(Fixtures.Json("events/message_channel_thread_reply.json"), Fixtures.BotUserId)!.Value.Inbound;
        var direct = SlackTranslator.Message(Fixtures.Json("events/message_im.json"), Fixtures.BotUserId)!.Value.Inbound;
        var privateChannel = SlackTranslator.Message(Fixtures.Json("events/message_private_channel.json"), Fixtures.BotUserId)!.Value.Inbound;

        Assert.Equal(("1764320400.000100", false), (reply.ThreadId, reply.IsMention));
        Assert.Equal(("example mentoring", true), (direct.Text, direct.IsDirect));
        Assert.Equal(("question conflict", true, false), (privateChannel.Text, privateChannel.IsMention, privateChannel.IsDirect));
    }

    [Theory]
    [InlineData("events/message_own_bot_post.json")]
    [InlineData("events/message_bot_message_subtype.json")]
    [InlineData("events/message_changed.json")]
    [InlineData("events/message_deleted.json")]
    [InlineData("events/message_channel_join.json")]
    [InlineData("events/message_channel_top_level.json")]
    [InlineData("events/member_joined_channel.json")]
    [InlineData("events/app_home_opened.json")]
    public void What_the_bot_must_not_answer_is_dropped(string fixture)
    {
        Assert.Null(SlackTranslator.Message(Fixtures.Json(fixture), Fixtures.BotUserId));
    }

    [Fact]
    public void A_thread_broadcast_is_an_answer_like_any_other()
    {
        var broadcast = System.Text.Json.JsonDocument.Parse(Fixtures.Text("events/message_channel_thread_reply.json")
            .Replace("\"type\": \"message\",", "\"type\": \"message\", \"subtype\": \"thread_broadcast\",", StringComparison.Ordinal)).RootElement;

        Assert.NotNull(SlackTranslator.Message(broadcast, Fixtures.BotUserId));
    }

    [Fact]
    public void A_slash_command_form_becomes_a_mention()
    {
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Fixtures.Text("commands/example_leadership.txt")).ToDictionary(p => p.Key, p => p.Value.ToString());

        var inbound = SlackTranslator.Command(form)!;

        Assert.Equal(("example led without authority", "C0PRACTICE", "U0ALEX0001", true), (inbound.Text, inbound.ConversationId, inbound.UserId, inbound.IsMention));
    }

    [Fact]
    public void A_button_press_is_the_command_in_its_value_in_the_thread_of_its_message()
    {
        var (inbound, _) = SlackTranslator.Action(Fixtures.Json("interactions/block_actions_message_button.json"))!.Value;

        Assert.Equal(("q-leadership-without-authority", "1764320400.000100", "U0SAM00002", true), (inbound.Text, inbound.ThreadId, inbound.UserId, inbound.IsAction));
    }

    [Theory]
    [InlineData("<@U0STARBOT1> feedback I used &lt;b&gt; tags &amp; more", "feedback I used <b> tags & more")]
    [InlineData("see <https://example.com|the doc> and <https://x.org>", "see the doc and https://x.org")]
    public void Slack_escapes_and_links_become_plain_text(string raw, string clean)
    {
        Assert.Equal(clean, SlackTranslator.CleanText(raw, Fixtures.BotUserId));
    }
}
