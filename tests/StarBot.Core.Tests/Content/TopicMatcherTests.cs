using StarBot.Core.Content;
using StarBot.Testing;

namespace StarBot.Core.Tests.Content;

public sealed class TopicMatcherTests
{
    private static readonly ContentLibrary Library = ContentLoader.Load(RepoPaths.Content).OrThrow();
    private static readonly TopicMatcher Matcher = new(Library);

    [Theory]
    // The wordings the issue names.
    [InlineData("led without authority", "led-without-authority")]
    [InlineData("influence", "convinced-others")]
    [InlineData("mentoring", "mentored-engineers")]
    [InlineData("difficult decision incomplete information", "decision-incomplete-information")]
    // Wordings that appear in no file: synonyms, inflections, other phrasing.
    [InlineData("took the lead with no title", "led-without-authority")]
    [InlineData("leading a cross-team effort when nobody reported to me", "led-without-authority")]
    [InlineData("persuade my team", "convinced-others")]
    [InlineData("get buy-in for my idea", "convinced-others")]
    [InlineData("convincing people with evidence", "convinced-others")]
    [InlineData("coaching juniors", "mentored-engineers")]
    [InlineData("helping a junior grow", "mentored-engineers")]
    [InlineData("teaching new hires", "mentored-engineers")]
    [InlineData("tough call with little data", "decision-incomplete-information")]
    [InlineData("making a call without enough info", "decision-incomplete-information")]
    [InlineData("decide without all the facts", "decision-incomplete-information")]
    public void Loose_wordings_find_the_seed_answer_they_mean(string topic, string expected)
    {
        Assert.Equal(expected, Matcher.Best(topic, q => q.Example is not null)?.Id);
    }

    [Theory]
    [InlineData("angry customer", "customer-focus")]
    [InlineData("customer complaint", "customer-focus")]
    [InlineData("too many deadlines", "prioritisation")]
    [InlineData("prioritizing", "prioritisation")]
    [InlineData("explain to non-technical people", "communication")]
    [InlineData("disagree with my boss", "conflict")]
    [InlineData("my biggest mistake", "failure-and-learning")]
    [InlineData("a time I failed", "failure-and-learning")]
    [InlineData("vague requirements", "ambiguity")]
    [InlineData("went above and beyond", "ownership")]
    public void Other_topics_land_in_the_right_competency(string topic, string competency)
    {
        Assert.Equal(competency, Matcher.Best(topic)?.CompetencyId);
    }

    [Fact]
    public void A_competency_named_outright_returns_only_its_questions_first()
    {
        var matches = Matcher.Match("conflict");

        var conflictCount = Library.QuestionsIn("conflict").Count();
        Assert.All(matches.Take(conflictCount), m => Assert.Equal("conflict", m.Question.CompetencyId));
    }

    [Theory]
    [InlineData("zebra")]
    [InlineData("the and of")]
    [InlineData("")]
    public void Nonsense_matches_nothing(string topic)
    {
        Assert.Empty(Matcher.Match(topic));
    }

    [Fact]
    public void Suggestions_for_a_misspelling_offer_the_word_meant()
    {
        Assert.Contains("leadership", Matcher.Suggest("leadrship"));
        Assert.Contains("conflict", Matcher.Suggest("conflikt"));
    }

    [Fact]
    public void Suggestions_for_nonsense_fall_back_to_the_competencies()
    {
        Assert.Equal(Library.Competencies.Select(c => c.Id), Matcher.Suggest("qqqqqqqq"));
    }
}
