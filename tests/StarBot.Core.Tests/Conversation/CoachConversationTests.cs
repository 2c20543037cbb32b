using Microsoft.Extensions.Time.Testing;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;
using StarBot.Testing;

namespace StarBot.Core.Tests.Conversation;

/// <summary>
/// Conversation tests: messages go in through the one entry point the platforms use, and the sequence of replies
/// of a whole exchange is asserted, the way dialog tests do it, with real content, analyzer and store.
/// </summary>
public sealed partial class CoachConversationTests
{
    private const string Channel = "C0PRACTICE";

    private const string AlexAnswer =
        "At my last company our payment API slowed to 500 ms at peak and customers complained. No team owned it, so I took the lead on fixing it. " +
        "I wrote a shared document with the impact, ran a daily fifteen-minute standup with the three teams and proposed a phased fix. " +
        "P99 latency fell from 500 ms to 80 ms within two weeks, and I learned to share the data before arguing for a solution.";

    private const string SamAnswer = "We had a flaky deploy pipeline that failed every Friday. We looked into it as a team and it went fine in the end.";

    private static readonly ContentLibrary Library = ContentLoader.Load(RepoPaths.Content).OrThrow();
    private static readonly StarAnalyzer Analyzer = new();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRoundStore _rounds = new();
    private readonly Coach _coach;
    private int _messages;

    public CoachConversationTests() => _coach = new Coach(Library, Analyzer, _rounds, new InMemoryScheduleStore(_rounds, new InMemoryOutbox()), new InMemoryChannelSettingsStore(), _time);

    [Fact]
    public async Task A_team_round_in_a_channel_runs_from_question_to_summary()
    {
        // alex asks for a round; the question is a new post whose id becomes the round's thread.
        var question = Assert.Single(await Say("alex", "practice leadership", mention: true));
        Assert.Equal(ReplyKind.Question, question.Kind);
        Assert.Equal(ReplyPlacement.NewPost, question.Placement);
        Assert.NotNull(question.RoundId);
        var asked = Library.FindQuestion((await _rounds.GetAsync(question.RoundId!, default))!.QuestionId)!;
        Assert.Equal("leadership", asked.CompetencyId);
        await _coach.AttachThreadAsync(question.RoundId!, "1764320400.000100", default);

        // Two people answer in the thread; each gets feedback there, public by default.
        var alexFeedback = Assert.Single(await Say("alex", AlexAnswer, thread: "1764320400.000100"));
        var samFeedback = Assert.Single(await Say("sam", SamAnswer, thread: "1764320400.000100"));
        Assert.Equal(("Feedback for alex", ReplyKind.Feedback, ReplyPlacement.Thread, ReplyVisibility.Public), (alexFeedback.Title, alexFeedback.Kind, alexFeedback.Placement, alexFeedback.Visibility));
        Assert.Equal("Feedback for sam", samFeedback.Title);
        var samChecklist = samFeedback.Blocks.OfType<ChecklistBlock>().Single();
        Assert.Contains(samChecklist.Items, i => i.Part == StarPart.Action && i.Status == PartStatus.Missing);

        // sam may not close alex's round; alex may, once.
        var refused = Assert.Single(await Say("sam", "done", thread: "1764320400.000100"));
        Assert.Equal(ReplyVisibility.Private, refused.Visibility);
        Assert.Contains("Only the person who started this round (alex)", Text(refused), StringComparison.Ordinal);

        var summary = Assert.Single(await Say("alex", "done", thread: "1764320400.000100"));
        Assert.Equal(ReplyKind.Summary, summary.Kind);
        var who = summary.Blocks.OfType<ListBlock>().Single();
        Assert.Equal(2, who.Items.Count);
        Assert.Contains(who.Items, i => i.StartsWith("**alex** covered Situation, Task, Action, Result", StringComparison.Ordinal));
        Assert.Contains(who.Items, i => i.StartsWith("**sam** covered", StringComparison.Ordinal) && i.Contains("Action", StringComparison.Ordinal));
        Assert.Equal(Enum.GetValues<StarPart>(), summary.Blocks.OfType<PartBlock>().Select(p => p.Part));
        // No public scores: what each person covered, in words, and nothing that ranks them.
        Assert.All(who.Items, i => Assert.DoesNotMatch(@"\d", i));

        // An answer after the round closed gets a polite note and is not recorded.
        var late = Assert.Single(await Say("sam", "Sorry I'm late: " + SamAnswer, thread: "1764320400.000100"));
        Assert.Contains("closed", Text(late), StringComparison.Ordinal);
        Assert.Equal(2, (await _rounds.AnswersAsync(question.RoundId!, default)).Count);
        Assert.Empty(await Say("alex", "done", thread: "1764320400.000100").ContinueWith(t => t.Result.Where(r => r.Kind == ReplyKind.Summary)));
    }

    [Fact]
    public async Task A_round_nobody_started_can_be_closed_by_anyone_in_it()
    {
        var opened = await _coach.PrepareUnattendedRoundAsync("slack", Channel, "conflict", default);
        Assert.NotNull(opened);
        await _rounds.CreateAsync(opened.Value.Round, default);
        await _coach.AttachThreadAsync(opened.Value.Round.Id, "T-daily", default);
        await Say("sam", AlexAnswer, thread: "T-daily");

        var summary = Assert.Single(await Say("sam", "done", thread: "T-daily"));

        Assert.Equal(ReplyKind.Summary, summary.Kind);
        Assert.Null((await _rounds.GetAsync(opened.Value.Round.Id, default))!.StarterUserId);
    }

    [Fact]
    public async Task Channel_talk_that_is_not_for_the_bot_gets_no_reply()
    {
        Assert.Empty(await Say("alex", "lunch anyone?"));
        Assert.Empty(await Say("alex", "practice later maybe", thread: "some-other-thread"));
    }

    [Theory]
    [InlineData("frobnicate", "I don't know \"frobnicate\"")]
    [InlineData("dance for me please", "I don't know \"dance\"")]
    public async Task An_unknown_command_gets_a_short_hint_not_the_whole_help(string text, string hint)
    {
        var reply = Assert.Single(await Say("alex", text, mention: true));

        Assert.Contains(hint, Text(reply), StringComparison.Ordinal);
        Assert.Contains("**help**", Text(reply), StringComparison.Ordinal);
        Assert.DoesNotContain("practice [topic]", Text(reply), StringComparison.Ordinal);
        Assert.Empty(reply.Blocks.OfType<ListBlock>());
    }

    [Fact]
    public async Task A_misspelt_command_gets_the_closest_command_as_its_hint()
    {
        var reply = Assert.Single(await Say("alex", "exampel conflict", direct: true));

        Assert.Contains("**example conflict**", Text(reply), StringComparison.Ordinal);
        Assert.Empty(reply.Blocks.OfType<ListBlock>());
    }

    [Theory]
    [InlineData("thanks!", "welcome")]
    [InlineData("Thank you so much", "welcome")]
    [InlineData("hello", "practice")]
    [InlineData("good morning!", "practice")]
    public async Task Thanks_and_greetings_get_a_kind_sentence_or_two(string text, string expected)
    {
        var reply = Assert.Single(await Say("alex", text, direct: true));

        Assert.Contains(expected, Text(reply), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("I don't know", Text(reply), StringComparison.Ordinal);
        Assert.Empty(reply.Blocks.OfType<ListBlock>());
        Assert.True(Text(reply).Split(". ").Length <= 3, Text(reply));
    }

    [Theory]
    [InlineData("what is STAR?")]
    [InlineData("What's the STAR method")]
    [InlineData("how does this work?")]
    public async Task What_is_STAR_is_explained_with_its_four_parts(string text)
    {
        var reply = Assert.Single(await Say("alex", text, direct: true));

        Assert.DoesNotContain("I don't know", Text(reply), StringComparison.Ordinal);
        Assert.All(["Situation", "Task", "Action", "Result"], part => Assert.Contains(part, Text(reply), StringComparison.Ordinal));
        Assert.Empty(reply.Blocks.OfType<ListBlock>());
    }

    [Fact]
    public async Task Thanks_inside_a_round_is_not_taken_as_an_answer()
    {
        var question = Assert.Single(await Say("alex", "practice conflict", direct: true));

        var reply = Assert.Single(await Say("alex", "thanks!", direct: true));

        Assert.NotEqual(ReplyKind.Feedback, reply.Kind);
        Assert.Empty(await _rounds.AnswersAsync(question.RoundId!, default));
    }

    [Fact]
    public async Task Commands_answer_in_a_direct_message()
    {
        var example = Assert.Single(await Say("alex", "example mentoring", direct: true));
        var topics = Assert.Single(await Say("alex", "topics", direct: true));
        var feedback = Assert.Single(await Say("alex", "feedback " + SamAnswer, direct: true));
        var missingTopic = Assert.Single(await Say("alex", "example", direct: true));
        var unknownTopic = Assert.Single(await Say("alex", "example qqqq zzzz", direct: true));

        Assert.Equal(ReplyKind.Example, example.Kind);
        Assert.Contains(example.Blocks, b => b is PartBlock { Part: StarPart.Result });
        Assert.Contains("leadership", Text(topics), StringComparison.Ordinal);
        Assert.Equal(ReplyKind.Feedback, feedback.Kind);
        Assert.Contains("Which topic?", Text(missingTopic), StringComparison.Ordinal);
        Assert.Contains("nothing on \"qqqq zzzz\"", Text(unknownTopic), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inside_a_round_short_commands_still_work_and_long_text_is_an_answer()
    {
        var question = Assert.Single(await Say("alex", "practice mentoring", direct: true));
        Assert.Equal(ReplyPlacement.Thread, question.Placement);

        var example = Assert.Single(await Say("alex", "example mentoring", direct: true));
        var answer = Assert.Single(await Say("alex", "Feedback from my juniors was that reviews were slow, so I set up weekly pairing sessions and their review time halved.", direct: true));

        Assert.Equal(ReplyKind.Example, example.Kind);
        Assert.Equal(ReplyKind.Feedback, answer.Kind);
        Assert.Single(await _rounds.AnswersAsync(question.RoundId!, default));
    }

    [Fact]
    public async Task A_new_round_in_a_direct_message_closes_the_open_one_with_its_summary()
    {
        await Say("alex", "practice conflict", direct: true);
        await Say("alex", AlexAnswer, direct: true);

        var replies = await Say("alex", "practice ownership", direct: true);

        Assert.Equal([ReplyKind.Summary, ReplyKind.Question], replies.Select(r => r.Kind));
    }

    [Fact]
    public async Task A_channel_can_choose_private_feedback()
    {
        var question = Assert.Single(await Say("alex", "practice teamwork", mention: true));
        await _coach.AttachThreadAsync(question.RoundId!, "T9", default);

        var set = Assert.Single(await Say("alex", "settings feedback private", mention: true));
        var feedback = Assert.Single(await Say("sam", AlexAnswer, thread: "T9"));
        var bad = Assert.Single(await Say("alex", "settings loud", mention: true));

        Assert.Equal(ReplyVisibility.Public, set.Visibility);
        Assert.Equal((ReplyKind.Feedback, ReplyVisibility.Private), (feedback.Kind, feedback.Visibility));
        Assert.Contains("settings feedback private", Text(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_lists_my_answers_and_the_parts_I_most_often_leave_out()
    {
        var empty = Assert.Single(await Say("sam", "history", direct: true));
        var question = Assert.Single(await Say("alex", "practice leadership", mention: true));
        await _coach.AttachThreadAsync(question.RoundId!, "T5", default);
        await Say("sam", SamAnswer, thread: "T5");

        var history = Assert.Single(await Say("sam", "history", direct: true));

        Assert.Contains("not answered a practice question yet", Text(empty), StringComparison.Ordinal);
        Assert.Equal(ReplyVisibility.Private, history.Visibility);
        Assert.Contains(Library.FindQuestion((await _rounds.GetAsync(question.RoundId!, default))!.QuestionId)!.Text, Text(history), StringComparison.Ordinal);
        Assert.Contains("Parts you most often leave out: **Task** (1 of 1 answers)", Text(history), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_me_asks_first_then_deletes_what_I_said_and_counts_it()
    {
        var mine = Assert.Single(await Say("sam", "practice teamwork", mention: true));
        await _coach.AttachThreadAsync(mine.RoundId!, "T7", default);
        await Say("sam", SamAnswer, thread: "T7");
        await Say("sam", "We also added a retry budget and the Friday failures stopped.", thread: "T7");
        await Say("alex", AlexAnswer, thread: "T7");

        var ask = Assert.Single(await Say("sam", "forget me", direct: true));
        Assert.Equal(3, (await _rounds.AnswersAsync(mine.RoundId!, default)).Count);
        var done = Assert.Single(await Say("sam", "forget me yes", direct: true));
        var again = Assert.Single(await Say("sam", "forget me yes", direct: true));

        Assert.Equal(ReplyVisibility.Private, ask.Visibility);
        Assert.Contains("forget me yes", Text(ask), StringComparison.Ordinal);
        Assert.Equal("forget me yes", Assert.Single(ask.Buttons).Command);
        Assert.Contains("2 answers", Text(done), StringComparison.Ordinal);
        Assert.Contains("1 practice round you started", Text(done), StringComparison.Ordinal);
        Assert.Contains("summaries already posted", Text(done), StringComparison.Ordinal);
        Assert.Equal(["U-alex"], (await _rounds.AnswersAsync(mine.RoundId!, default)).Select(a => a.UserId));
        Assert.Null((await _rounds.GetAsync(mine.RoundId!, default))!.StarterName);
        Assert.Contains("nothing about you", Text(again), StringComparison.Ordinal);
        Assert.Contains("not answered a practice question yet", Text(Assert.Single(await Say("sam", "history", direct: true))), StringComparison.Ordinal);
        Assert.DoesNotContain("not answered", Text(Assert.Single(await Say("alex", "history", direct: true))), StringComparison.Ordinal);
    }

    [Fact]
    public void The_forget_me_reply_counts_the_chat_addresses_it_deleted_and_nothing_else_counts_as_something()
    {
        var text = Text(PrivacyReplies.Forgotten(new ForgetReport(0, 0, 0, 2, 1, Chats: 1)));

        Assert.Contains("I deleted 2 messages of yours, 1 reply to you and 1 stored address of your chat with me.", text, StringComparison.Ordinal);
        Assert.False(new ForgetReport(0, 0, 0, 0, 0, Chats: 1).Nothing);
    }

    [Fact]
    public async Task The_forget_button_deletes_the_data_of_whoever_presses_it()
    {
        var question = Assert.Single(await Say("alex", "practice teamwork", mention: true));
        await _coach.AttachThreadAsync(question.RoundId!, "T8", default);
        await Say("sam", SamAnswer, thread: "T8");
        await Say("alex", AlexAnswer, thread: "T8");

        var done = Assert.Single(await _coach.HandleAsync(Message("sam", "forget me yes") with { IsAction = true }, default));

        Assert.Contains("1 answer", Text(done), StringComparison.Ordinal);
        Assert.Equal(["U-alex"], (await _rounds.AnswersAsync(question.RoundId!, default)).Select(a => a.UserId));
    }

    [Theory]
    [InlineData("forget")]
    [InlineData("forget everyone")]
    public async Task Forget_without_me_says_how_to_ask(string text)
    {
        var reply = Assert.Single(await Say("sam", text, direct: true));

        Assert.Contains("forget me", Text(reply), StringComparison.Ordinal);
        Assert.Empty(reply.Buttons);
    }

    [Fact]
    public async Task History_export_sends_me_my_own_answers_only()
    {
        var empty = Assert.Single(await Say("sam", "history export", direct: true));
        var question = Assert.Single(await Say("alex", "practice leadership", mention: true));
        await _coach.AttachThreadAsync(question.RoundId!, "T6", default);
        await Say("sam", SamAnswer, thread: "T6");
        await Say("alex", AlexAnswer, thread: "T6");

        var export = Assert.Single(await Say("sam", "history export", direct: true));

        Assert.Contains("no practice answers", Text(empty), StringComparison.Ordinal);
        Assert.Equal(ReplyVisibility.Private, export.Visibility);
        Assert.Contains(SamAnswer, Text(export), StringComparison.Ordinal);
        Assert.Contains(Library.FindQuestion((await _rounds.GetAsync(question.RoundId!, default))!.QuestionId)!.Text, Text(export), StringComparison.Ordinal);
        Assert.DoesNotContain(AlexAnswer, Text(export), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_shows_how_often_I_cover_each_part_the_trend_against_last_month_and_my_streak()
    {
        // One answer in October that leaves parts out, then three complete ones on three days in a row up to today.
        var days = new[] { new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero), new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero) };
        // A clock of its own: this history starts before the class's clock.
        var time = new FakeTimeProvider(days[0]);
        var coach = new Coach(Library, Analyzer, _rounds, new InMemoryScheduleStore(_rounds, new InMemoryOutbox()), new InMemoryChannelSettingsStore(), time);
        Task<IReadOnlyList<Reply>> Say(string user, string text, string? thread = null, bool mention = false, bool direct = false) =>
            coach.HandleAsync(Message(user, text) with { ThreadId = thread, IsMention = mention, IsDirect = direct, ConversationId = direct ? "D-" + user : Channel }, default);
        foreach (var (day, i) in days.Select((d, i) => (d, i)))
        {
            time.SetUtcNow(day);
            var question = Assert.Single(await Say("alex", "practice leadership", mention: true));
            await coach.AttachThreadAsync(question.RoundId!, $"TH{i}", default);
            await Say("sam", i == 0 ? SamAnswer : AlexAnswer, thread: $"TH{i}");
        }

        time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero));
        var today = Text(Assert.Single(await Say("sam", "history", direct: true)));
        time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var tomorrow = Text(Assert.Single(await Say("sam", "history", direct: true)));
        time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
        var later = Text(Assert.Single(await Say("sam", "history", direct: true)));

        var october = (await _rounds.HistoryAsync("slack", "U-sam", 10, default)).Single(h => h.Answer.At.Month == 10).Answer.Parts;
        Assert.All(Enum.GetValues<StarPart>(), part =>
            Assert.Contains($"**{part}**: {(october[part] == PartStatus.Missing ? 3 : 4)} of 4", today, StringComparison.Ordinal));
        Assert.Contains("This month you covered 100% of the STAR parts, up from", today, StringComparison.Ordinal);
        Assert.Contains("3 days in a row, up to today", today, StringComparison.Ordinal);
        Assert.Contains("3 days in a row, up to yesterday", tomorrow, StringComparison.Ordinal);
        Assert.Contains("answer today to keep it going", tomorrow, StringComparison.Ordinal);
        Assert.Contains("No answers yet this month (3 last month)", later, StringComparison.Ordinal);
        Assert.Contains("Your last practice was on 28 Nov 2026", later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Done_with_no_round_says_so()
    {
        var reply = Assert.Single(await Say("alex", "done", direct: true));

        Assert.Contains("no practice round open", Text(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Questions_do_not_repeat_in_a_conversation_until_the_topic_is_exhausted()
    {
        var count = Library.QuestionsIn("ownership").Count();
        var seen = new List<string>();
        for (var i = 0; i < count + 1; i++)
        {
            var reply = (await Say("alex", "practice ownership", mention: true)).Single(r => r.Kind == ReplyKind.Question);
            seen.Add((await _rounds.GetAsync(reply.RoundId!, default))!.QuestionId);
        }

        Assert.Equal(count, seen.Take(count).Distinct().Count());
        Assert.Equal(seen[0], seen[count]);
    }

    [Fact]
    public async Task A_button_press_is_the_command_it_stands_for()
    {
        var question = Assert.Single(await Say("alex", "practice conflict", mention: true));
        var button = question.Buttons.Single(b => b.Label == "Show the example answer");

        var reply = Assert.Single(await _coach.HandleAsync(Message("sam", button.Command) with { IsAction = true }, default));

        Assert.Equal(ReplyKind.Example, reply.Kind);
    }

    private Task<IReadOnlyList<Reply>> Say(string user, string text, string? thread = null, bool mention = false, bool direct = false, string? conversation = null) =>
        _coach.HandleAsync(Message(user, text) with { ThreadId = thread, IsMention = mention, IsDirect = direct, ConversationId = conversation ?? (direct ? "D-" + user : Channel) }, default);

    private Inbound Message(string user, string text) => new()
    {
        Platform = "slack",
        ConversationId = Channel,
        MessageId = (++_messages).ToString(System.Globalization.CultureInfo.InvariantCulture),
        UserId = "U-" + user,
        UserName = user,
        Text = text,
    };

    private static string Text(Reply reply) => string.Join("\n", reply.Blocks.Select(b => b switch
    {
        TextBlock t => (t.Heading is null ? "" : t.Heading + "\n") + t.Text,
        ListBlock l => l.Heading + "\n" + string.Join("\n", l.Items),
        PartBlock p => p.Text,
        _ => "",
    }));
}
