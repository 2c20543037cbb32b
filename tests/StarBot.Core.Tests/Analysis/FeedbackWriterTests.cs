using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Core.Tests.Analysis;

public sealed class FeedbackWriterTests
{
    private static readonly StarAnalyzer Analyzer = new();

    [Fact]
    public void A_result_without_a_number_is_quoted_back_with_a_question()
    {
        var analysis = Analyzer.Analyze(
            "Our team's release process was manual and took a whole day every sprint. I was asked to automate it. " +
            "I wrote a pipeline that built, tested and tagged each release, and I documented every step for the team. " +
            "In the end it went fine and people liked it.");

        var item = Assert.Single(analysis.Feedback, f => f.Contains("has no number", StringComparison.Ordinal));
        Assert.Contains("\"In the end it went fine and people liked it\"", item, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_part_comes_first_and_names_what_to_add()
    {
        var analysis = Analyzer.Analyze(
            "At my last job our release process was manual and took a whole day. I wrote a pipeline that built, tested and tagged each release. " +
            "I also documented every step. Releases now take 20 minutes and I learned to automate early.");

        Assert.Contains(StarPart.Task, analysis.Missing);
        Assert.Contains("responsible for", analysis.Feedback[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Mostly_we_actions_get_advice_to_say_I_with_the_counts()
    {
        var analysis = Analyzer.Analyze(
            "Our checkout page was slow and customers were leaving. We had to fix it before the sale. " +
            "We profiled the page and we found two tracking scripts that blocked rendering. We removed them, we compressed the images and we added caching. " +
            "Load time fell from 6 seconds to 2, and I learned to measure before optimising.");

        // Counted by hand: the two action sentences say "we" five times and "I" never ("We had to fix it" is the task).
        var item = Assert.Single(analysis.Feedback, f => f.Contains("\"we\"", StringComparison.Ordinal));
        Assert.StartsWith("Your actions say \"we\" 5 times and \"I\" 0 times.", item, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_quantified_reflective_answer_is_praised_and_never_gets_more_than_four_items()
    {
        var strong = Analyzer.Analyze(
            "Last year I was the only backend engineer on a four-person team building a booking app for physiotherapy clinics. " +
            "Two weeks before launch, load tests showed the booking API falling over at 50 concurrent users. " +
            "My task was to get it to handle 500 before launch without changing the public API. " +
            "I profiled the service and found every request opened its own database connection. " +
            "I added connection pooling, cached the clinic schedules for a minute, and rewrote the slowest query with Sam from our data team. " +
            "I then reran the load test every night to catch regressions. " +
            "We launched on time and the API handled 800 concurrent users with p95 under 200 ms. " +
            "I learned to load test in the first week, not the last.");
        var weak = Analyzer.Analyze("we did stuff");

        Assert.Empty(strong.Missing);
        Assert.StartsWith("Strong answer", strong.Feedback[0], StringComparison.Ordinal);
        Assert.InRange(weak.Feedback.Count, 1, FeedbackWriter.MaxItems);
    }

    [Theory]
    [InlineData("short text", "short text")]
    [InlineData("This sentence is deliberately long so that the quote has to be shortened at a word boundary before it is shown back to the person.", "This sentence is deliberately long so that the quote has to be shortened at a word...")]
    public void Quotes_are_shortened_at_a_word_boundary(string text, string quote)
    {
        Assert.Equal(quote, FeedbackWriter.Quote(text));
    }
}
