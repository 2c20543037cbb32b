using StarBot.Core.Analysis;
using StarBot.Core.Text;

namespace StarBot.Core.Tests.Analysis;

public sealed class LeadVerbTests
{
    [Theory]
    [InlineData("Exported the final report with one script", LeadVerb.Kind.Doing)]
    [InlineData("I then paired with developers on their queries", LeadVerb.Kind.Doing)]
    [InlineData("Reduced CI queue time for everyone", LeadVerb.Kind.Change)]
    [InlineData("The team cut the bill by 30%", LeadVerb.Kind.Change)]
    [InlineData("We shipped it two days early", LeadVerb.Kind.Finishing)]
    [InlineData("Advertising revenue was falling", LeadVerb.Kind.None)]
    [InlineData("My goal was to grow the list", LeadVerb.Kind.None)]
    public void The_first_verb_after_the_subject_and_openers_is_classed(string segment, LeadVerb.Kind expected)
    {
        Assert.Equal(expected, LeadVerb.Of(Words.Tokenize(segment)));
    }

    [Fact]
    public void A_verb_of_change_is_found_anywhere_in_the_segment()
    {
        Assert.True(LeadVerb.HasChange(Words.Tokenize("and our monthly bill fell to half")));
        Assert.False(LeadVerb.HasChange(Words.Tokenize("I wrote the runbook and shared it")));
    }
}
