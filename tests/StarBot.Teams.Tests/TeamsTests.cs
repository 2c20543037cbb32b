using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using StarBot.Core.Content;
using StarBot.Core.Replies;
using StarBot.Testing;

namespace StarBot.Teams.Tests;

public sealed class BotFrameworkReferenceTests
{
    /// <summary>
    /// The Bot Framework assemblies are referenced without their dependency graph (see StarBot.Teams.csproj): every
    /// type the Teams edge uses must load and work without the AdaptiveCards assembly.
    /// </summary>
    [Fact]
    public void Every_Bot_Framework_type_the_edge_uses_loads()
    {
        var types = new[]
        {
            typeof(Activity), typeof(TeamsChannelData), typeof(ConversationReference), typeof(Attachment), typeof(MessageFactory),
            typeof(TeamsActivityHandler), typeof(CloudAdapter), typeof(BotFrameworkAuthenticationFactory), typeof(ConfigurationBotFrameworkAuthentication),
            typeof(IBotFrameworkHttpAdapter), typeof(ConfigurationServiceClientCredentialFactory),
            typeof(ServiceClientCredentialsFactory), typeof(ErrorResponseException), typeof(ConversationParameters), typeof(Microsoft.Bot.Connector.IConnectorClient),
            typeof(AdaptiveCardInvokeResponse), typeof(AdaptiveCardInvokeValue), typeof(InvokeResponse), typeof(TeamsAdapter), typeof(TeamsBot),
        };

        // Binding every method's signature loads each type it names: one naming an AdaptiveCards type throws here
        // (FileNotFoundException), and that fails the test.
        foreach (var method in types.SelectMany(t => t.GetMethods()))
        {
            _ = method.ReturnType;
            _ = method.GetParameters().Select(p => p.ParameterType).ToList();
        }

        var card = MessageFactory.Attachment(new Attachment(AdaptiveCardRenderer.ContentType, content: AdaptiveCardRenderer.Render(new Reply { Title = "t" }).ToJsonString()));
        Assert.Equal(AdaptiveCardRenderer.ContentType, card.Attachments[0].ContentType);
        // What makes the above mean anything: the tests run without AdaptiveCards, as the service does.
        Assert.Throws<FileNotFoundException>(() => System.Reflection.Assembly.Load(new System.Reflection.AssemblyName("AdaptiveCards")));
    }
}

public sealed class TeamsTranslatorTests
{
    private static Activity Fixture(string name) => JsonConvert.DeserializeObject<Activity>(File.ReadAllText(RepoPaths.TestData("teams", "activities", name)))!;

    [Fact]
    public void A_personal_message_is_direct_with_no_thread()
    {
        var inbound = TeamsTranslator.Message(Fixture("message_personal.json"))!;

        Assert.Equal(("example mentoring", true, null, "Alex Doe"), (inbound.Text, inbound.IsDirect, inbound.ThreadId, inbound.UserName));
        Assert.Equal("a:1PersonalChatWithAlex0000000000000000000000000000", inbound.ConversationId);
    }

    [Fact]
    public void A_stored_personal_chat_reference_says_personal_as_forget_me_looks_for_it_and_holds_nothing_of_the_person()
    {
        // The stores find a person's personal chat by this text in the stored reference (see SqlitePersonalDataStore).
        var stored = JsonConvert.SerializeObject(TeamsTranslator.ReferenceOf(Fixture("message_personal.json")));

        Assert.Contains("\"conversationType\":\"personal\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("29:1AlexAaaaBbbbCcccDdddEeeeFfffGggg", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Doe", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void The_senders_time_zone_comes_from_localTimezone_when_the_activity_has_one()
    {
        var activity = Fixture("message_personal.json");
        var withZone = TeamsTranslator.Message(activity)!;
        activity.LocalTimezone = null;
        var without = TeamsTranslator.Message(activity)!;

        Assert.Equal(JObjectOf("message_personal.json")["localTimezone"]!.ToString(), withZone.UserTimeZone);
        Assert.NotNull(withZone.UserTimeZone);
        Assert.Null(without.UserTimeZone);
    }

    private static Newtonsoft.Json.Linq.JObject JObjectOf(string name) => Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(RepoPaths.TestData("teams", "activities", name)));

    [Fact]
    public void A_new_channel_post_is_the_root_of_its_chain_and_a_reply_finds_that_chain_from_the_conversation_id()
    {
        var post = TeamsTranslator.Message(Fixture("message_channel_mention_new_post.json"))!;
        var reply = TeamsTranslator.Message(Fixture("message_channel_thread_reply.json"))!;
        var unmentioned = TeamsTranslator.Message(Fixture("message_channel_thread_reply_rsc_no_mention.json"))!;

        Assert.Equal(("practice leadership", true, "19:PracticeChannel00000000000@thread.tacv2", "1764320400123"), (post.Text, post.IsMention, post.ConversationId, post.ThreadId));
        Assert.Equal(("1764320400123", true, false), (reply.ThreadId, reply.IsMention, reply.IsDirect));
        Assert.StartsWith("When our on-call rota collapsed", reply.Text, StringComparison.Ordinal);
        Assert.Equal(("1764320400123", false), (unmentioned.ThreadId, unmentioned.IsMention));
    }

    [Fact]
    public void Card_buttons_become_the_commands_they_stand_for()
    {
        var submit = TeamsTranslator.Message(Fixture("message_action_submit.json"))!;
        var invoke = Fixture("invoke_adaptive_card_action_execute.json");

        Assert.Equal(("example q-leadership-without-authority", true), (submit.Text, submit.IsAction));
        Assert.Equal("question leadership", TeamsTranslator.CommandFromValue(invoke.Value));
        Assert.Equal("practice conflict", TeamsTranslator.CommandFromValue(new { command = "practice conflict" }));
        Assert.Null(TeamsTranslator.CommandFromValue(new { something = "else" }));
    }

    [Fact]
    public void The_bots_own_message_is_never_answered()
    {
        Assert.Null(TeamsTranslator.Message(Fixture("message_from_bot_itself.json")));
        Assert.Null(TeamsTranslator.Message(Fixture("conversation_update_bot_added_to_team.json")));
    }
}

public sealed class AdaptiveCardRendererTests
{
    [Fact]
    public void The_forget_me_confirmation_is_a_card_action_that_sends_forget_me_yes()
    {
        var card = AdaptiveCardRenderer.Render(PrivacyReplies.ConfirmForget());

        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal(("Action.Submit", "Yes, forget me"), (action["type"]!.GetValue<string>(), action["title"]!.GetValue<string>()));
        Assert.Equal("forget me yes", TeamsTranslator.CommandFromValue(Newtonsoft.Json.Linq.JObject.Parse(action["data"]!.ToJsonString())));
    }

    [Fact]
    public void A_feedback_reply_renders_its_checklist_sections_and_buttons()
    {
        var reply = new Reply
        {
            Title = "Feedback for Sam",
            Blocks =
            [
                new ChecklistBlock([new ChecklistItem(StarPart.Situation, PartStatus.Present, "we were late"), new ChecklistItem(StarPart.Result, PartStatus.Missing, null)]),
                new ListBlock("What would make it stronger", ["Add a number."]),
                new PartBlock(StarPart.Action, "I wrote a plan."),
            ],
            Buttons = [new ReplyButton("Close round", "done")],
        };

        var card = AdaptiveCardRenderer.Render(reply);

        Assert.Equal(("AdaptiveCard", "1.5"), (card["type"]!.GetValue<string>(), card["version"]!.GetValue<string>()));
        var body = card["body"]!.AsArray();
        Assert.Equal("Feedback for Sam", body[0]!["text"]!.GetValue<string>());
        var facts = body.Single(b => b!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray();
        Assert.Equal("present: \"we were late\"", facts[0]!["value"]!.GetValue<string>());
        Assert.Equal("missing", facts[1]!["value"]!.GetValue<string>());
        Assert.Contains(body, b => b!["text"]?.GetValue<string>() == "Action");
        var action = card["actions"]![0]!;
        Assert.Equal(("Action.Submit", "Close round", "done"), (action["type"]!.GetValue<string>(), action["title"]!.GetValue<string>(), action["data"]!["command"]!.GetValue<string>()));
        Assert.Equal("done", TeamsTranslator.CommandFromValue(Newtonsoft.Json.Linq.JObject.Parse(action["data"]!.ToJsonString())));
    }
}
