using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Tests.Analysis;

public sealed class AnswerSignalTests
{
    private static readonly StarAnalyzer Analyzer = new();

    private const string Context = "At my last job our mobile app crashed on start for some Android users after every release. I was asked to find out why and stop it. ";

    [Theory]
    [InlineData("Crashes dropped from 2% of sessions to 0.1%.", true)]
    [InlineData("We saved about $4,000 a month.", true)]
    [InlineData("Support tickets about it fell by half.", true)]
    [InlineData("The next release went out in two days instead of a week.", true)]
    [InlineData("In the end it went fine and everyone was happy.", false)]
    public void A_result_with_a_number_is_quantified(string result, bool quantified)
    {
        var answer = Context + "I went through the crash logs, found a race in the start-up code and fixed it with a lock. " + result;

        Assert.Equal(quantified, Analyzer.Analyze(answer).Signals.Quantified);
    }

    [Fact]
    public void Ownership_is_the_share_of_I_among_I_and_we_in_the_actions()
    {
        var mine = Analyzer.Analyze(Context + "I read the crash logs. I found the race. I wrote the fix and I added a test. Crashes fell to zero.");
        var ours = Analyzer.Analyze(Context + "We read the crash logs. We found the race. We wrote the fix and we added a test. Crashes fell to zero.");

        Assert.True(mine.Signals.Ownership > 0.8, $"{mine.Signals.Ownership}");
        Assert.True(ours.Signals.Ownership < 0.3, $"{ours.Signals.Ownership}");
        Assert.True(ours.Signals.WeWords >= 4);
    }

    [Theory]
    [InlineData("I learned to read the logs before guessing.", true)]
    [InlineData("Next time I would add the test first.", true)]
    [InlineData("Looking back, I should have asked the platform team sooner.", true)]
    [InlineData("Crashes fell to zero.", false)]
    public void Reflection_is_what_was_learned_or_would_be_done_differently(string ending, bool reflection)
    {
        var answer = Context + "I found the race and fixed it. Crashes fell to zero. " + ending;

        Assert.Equal(reflection, Analyzer.Analyze(answer).Signals.Reflection);
    }

    [Theory]
    [InlineData("I paired with Dana from QA to reproduce it.", true)]
    [InlineData("Thanks to our SRE, we had the crash dashboards ready.", true)]
    [InlineData("I reproduced it on my own phone.", false)]
    public void Credit_to_others_is_noticed(string sentence, bool credit)
    {
        Assert.Equal(credit, Analyzer.Analyze(Context + sentence + " Crashes fell to zero.").Signals.Credit);
    }

    [Fact]
    public void Words_are_counted_and_length_is_judged_against_a_spoken_answer()
    {
        var shortAnswer = Analyzer.Analyze("I fixed the bug and it worked.");
        var longAnswer = Analyzer.Analyze(string.Join(" ", Enumerable.Repeat("I checked one more log file and wrote down what it said.", 60)));

        Assert.Equal(7, shortAnswer.Signals.Words);
        Assert.True(shortAnswer.Signals.TooShort);
        Assert.True(longAnswer.Signals.TooLong);
    }
}
