using StarBot.Core.Conversation;
using StarBot.Core.Replies;

namespace StarBot.Core.Tests.Conversation;

/// <summary>Rounds as a job seeker and a team lead use them: follow-up answers, and rounds that belong to someone.</summary>
public sealed partial class CoachConversationTests
{
    private const string FollowUp = "We also added a shared on-call rotation so the next slowdown had a clear owner from the first minute.";

    [Fact]
    public async Task A_follow_up_answer_adds_to_the_answer_before_it_and_the_summary_counts_both()
    {
        await Say("alex", "practice conflict", direct: true);
        await Say("alex", AlexAnswer, direct: true);

        var followUp = Assert.Single(await Say("alex", FollowUp, direct: true));
        var summary = Assert.Single(await Say("alex", "done", direct: true));

        Assert.Equal(ReplyKind.Feedback, followUp.Kind);
        Assert.Contains("this round now has Situation, Task, Action and Result", Text(followUp), StringComparison.Ordinal);
        var who = Assert.Single(summary.Blocks.OfType<ListBlock>()).Items;
        Assert.Equal("**alex** covered Situation, Task, Action, Result - all four parts", Assert.Single(who));
    }

    [Fact]
    public async Task Without_threads_practice_does_not_close_someone_elses_round()
    {
        var question = Assert.Single(await Say("alex", "practice conflict", direct: true, conversation: "terminal"));

        var refused = Assert.Single(await Say("sam", "practice leadership", direct: true, conversation: "terminal"));
        var answer = Assert.Single(await Say("sam", SamAnswer, direct: true, conversation: "terminal"));

        Assert.Equal(ReplyKind.Notice, refused.Kind);
        Assert.Contains("A practice round is open here", Text(refused), StringComparison.Ordinal);
        Assert.Contains("alex", Text(refused), StringComparison.Ordinal);
        Assert.Contains("**done**", Text(refused), StringComparison.Ordinal);
        Assert.Equal(RoundStatus.Open, (await _rounds.GetAsync(question.RoundId!, default))!.Status);
        Assert.Equal(ReplyKind.Feedback, answer.Kind);
        Assert.Single(await _rounds.AnswersAsync(question.RoundId!, default));
    }

    [Fact]
    public async Task With_threads_practice_in_a_rounds_thread_opens_a_new_round_and_leaves_the_old_one_open()
    {
        var first = Assert.Single(await Say("alex", "practice conflict", mention: true));
        await _coach.AttachThreadAsync(first.RoundId!, "T-first", default);

        var second = Assert.Single(await Say("sam", "practice leadership", thread: "T-first", mention: true));

        Assert.Equal((ReplyKind.Question, ReplyPlacement.NewPost), (second.Kind, second.Placement));
        Assert.NotEqual(first.RoundId, second.RoundId);
        Assert.Equal(RoundStatus.Open, (await _rounds.GetAsync(first.RoundId!, default))!.Status);
    }
}
