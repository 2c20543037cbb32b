using System.Text.RegularExpressions;
using StarBot.Core.Content;
using StarBot.Testing;

namespace StarBot.Core.Tests.Content;

public sealed partial class ContentLibraryTests
{
    private static readonly ContentLibrary Library = ContentLoader.Load(RepoPaths.Content).OrThrow();

    [Fact]
    public void Repository_content_is_valid_and_as_large_as_promised()
    {
        var result = ContentLoader.Load(RepoPaths.Content);

        Assert.Empty(result.Errors);
        Assert.True(result.Library.Questions.Count >= 44, $"{result.Library.Questions.Count} questions");
        Assert.True(result.Library.Questions.Count(q => q.Example is { IsComplete: true }) >= 28);
        Assert.True(result.Library.Competencies.Count(c => result.Library.QuestionsIn(c.Id).Any()) >= 8);
    }

    [Fact]
    public void Every_competency_has_tips_and_every_question_has_tips_or_an_example()
    {
        Assert.All(Library.Competencies, c => Assert.NotEmpty(c.Tips));
        Assert.All(Library.Questions, q => Assert.True(q.Example is not null || q.Tips.Count > 0, q.Id));
    }

    [Fact]
    public void Seed_answers_are_kept_exactly_as_the_user_wrote_them()
    {
        var seed = File.ReadAllText(RepoPaths.TestData("seed", "star-examples.md")).ReplaceLineEndings("\n");
        var ids = new[] { "led-without-authority", "convinced-others", "mentored-engineers", "decision-incomplete-information" };
        var questions = SeedQuestion().Matches(seed).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(4, questions.Count);

        for (var i = 0; i < ids.Length; i++)
        {
            var question = Library.FindQuestion(ids[i]);
            Assert.NotNull(question);
            Assert.Equal(questions[i], question.Text);
            Assert.NotNull(question.Example);
            foreach (var part in Enum.GetValues<StarPart>())
            {
                var text = question.Example[part];
                Assert.NotNull(text);
                Assert.Contains($"**{part}:**\n{text}\n", seed, StringComparison.Ordinal);
            }
        }

        var tips = Library.FindCompetency("leadership")!.Tips;
        Assert.Equal(6, tips.Count);
        Assert.All(tips, tip => Assert.Contains($"**{tip.Title}** - {tip.Text}", seed, StringComparison.Ordinal));
    }

    [Fact]
    public void Question_tips_come_before_competency_tips()
    {
        var question = Library.Questions.First(q => q.Tips.Count > 0);
        var tips = Library.TipsFor(question);

        Assert.Equal(question.Tips[0], tips[0]);
        Assert.Equal(Library.CompetencyOf(question).Tips[^1], tips[^1]);
    }

    [GeneratedRegex(@"^## Question \d+: (.+)$", RegexOptions.Multiline)]
    private static partial Regex SeedQuestion();
}
