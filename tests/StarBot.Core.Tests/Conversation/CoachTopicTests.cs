using StarBot.Core.Replies;

namespace StarBot.Core.Tests.Conversation;

/// <summary>Which question a loosely worded topic finds, for examples and for schedules.</summary>
public sealed partial class CoachConversationTests
{
    [Theory]
    [InlineData("sometimes", "sometimes")]
    [InlineData("cooking", "cooking")]
    [InlineData("conflict with penguins", "penguins")]
    public async Task A_schedule_topic_that_matches_no_question_is_refused_naming_the_word(string topic, string word)
    {
        var reply = Assert.Single(await Say("alex", $"schedule daily 09:00 Europe/Berlin {topic}", mention: true));

        Assert.Equal(ReplyKind.Error, reply.Kind);
        Assert.Contains($"\"{word}\"", Text(reply), StringComparison.Ordinal);
        Assert.All(Library.Competencies, c => Assert.Contains(c.Id, Text(reply), StringComparison.Ordinal));
        Assert.Contains("no question of the day here", Text(Assert.Single(await Say("alex", "schedule show", mention: true))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conflict at work")]
    [InlineData("leadership")]
    [InlineData("mentoring juniors")]
    public async Task A_schedule_topic_that_matches_questions_is_accepted(string topic)
    {
        var reply = Assert.Single(await Say("alex", $"schedule daily 09:00 Europe/Berlin {topic}", mention: true));

        Assert.Equal(ReplyKind.Notice, reply.Kind);
        Assert.StartsWith("Done:", Text(reply), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example conflict with a coworker")]
    [InlineData("example difficult colleague")]
    [InlineData("example disagreement with a teammate")]
    public async Task An_example_about_peers_is_about_peers_not_a_manager(string text)
    {
        var shown = ShownQuestion(Assert.Single(await Say("alex", text, direct: true)));

        Assert.NotEqual("disagreed-with-manager", shown);
        Assert.DoesNotContain("manager", Library.FindQuestion(shown)!.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_example_about_a_manager_is_about_a_manager()
    {
        var shown = ShownQuestion(Assert.Single(await Say("alex", "example conflict with my boss", direct: true)));

        Assert.Equal("disagreed-with-manager", shown);
    }

    [Fact]
    public async Task An_example_about_handling_stress_is_about_pressure_not_a_mistake()
    {
        var shown = ShownQuestion(Assert.Single(await Say("alex", "example handling stress", direct: true)));

        Assert.Equal("juggled-competing-deadlines", shown);
    }

    [Fact]
    public async Task Asking_again_and_another_example_go_through_the_matching_examples()
    {
        var first = Assert.Single(await Say("alex", "example conflict", direct: true));
        var again = Assert.Single(await Say("alex", "example conflict", direct: true));
        var another = Assert.Single(await _coach.HandleAsync(Message("alex", again.Buttons.Single(b => b.Label == "Another example").Command) with { IsAction = true, IsDirect = true, ConversationId = "D-alex" }, default));
        var elsewhere = Assert.Single(await Say("sam", "example conflict", direct: true));

        var shown = new[] { first, again, another }.Select(ShownQuestion).ToList();
        var withExamples = Library.QuestionsIn("conflict").Count(q => q.Example is not null);
        Assert.Equal(Math.Min(3, withExamples), shown.Distinct().Count());
        Assert.All(shown, id => Assert.Equal("conflict", Library.FindQuestion(id)!.CompetencyId));
        Assert.Equal(shown[0], ShownQuestion(elsewhere));
    }

    [Fact]
    public async Task A_misspelt_topic_with_one_clear_correction_is_shown_and_says_so()
    {
        var reply = Assert.Single(await Say("alex", "example leadershp", direct: true));

        Assert.Equal(ReplyKind.Example, reply.Kind);
        Assert.Contains("showing leadership", Text(reply), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("leadership", Library.FindQuestion(ShownQuestion(reply))!.CompetencyId);
    }

    private static string ShownQuestion(Reply example)
    {
        Assert.Equal(ReplyKind.Example, example.Kind);
        return example.Buttons.Single(b => b.Label == "Practise this question").Command["practice ".Length..];
    }
}
