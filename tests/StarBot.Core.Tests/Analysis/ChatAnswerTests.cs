using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Tests.Analysis;

/// <summary>
/// Answers as people type them in a chat box or paste from their notes (written for these tests; none is in the
/// training corpus or the evaluation sets), judged as a coach would judge them.
/// </summary>
public sealed class ChatAnswerTests
{
    private static readonly StarAnalyzer Analyzer = new();

    public static TheoryData<string, StarPart[], StarPart[]> CoachVerdicts() => new()
    {
        // answer, parts a coach finds there (never "missing"), parts a coach finds absent ("missing")
        { "We had flaky deploys so I added a canary stage and rollbacks; failed deploys dropped from 9 to 1 a month.", [StarPart.Situation, StarPart.Action, StarPart.Result], [] },
        { "Our support queue had doubled after a launch, so I set up a triage rota and wrote macros for the top ten questions; first-reply time went from 9 hours to 2.", [StarPart.Situation, StarPart.Action, StarPart.Result], [] },
        { "prod db ran out of disk at 2am -> i cleaned old WAL files and added an alert, no outages since", [StarPart.Situation, StarPart.Action, StarPart.Result], [] },
        { "My manager asked me to cut our cloud bill. I moved batch jobs to spot instances and the bill fell by 30%.", [StarPart.Task, StarPart.Action, StarPart.Result], [] },
        { "Situation: new team, no docs. Action: I wrote an onboarding guide.", [StarPart.Situation, StarPart.Action], [StarPart.Result] },
        { "I rewrote the deploy script in Go.", [StarPart.Action], [StarPart.Situation, StarPart.Result] },
        { "I handled it.", [], [StarPart.Situation, StarPart.Result] },
        { "Checkout kept timing out during sales.", [StarPart.Situation], [StarPart.Action, StarPart.Result] },
        { "Revenue went up 20% that quarter.", [StarPart.Result], [StarPart.Action] },
        { "I am a hard worker and I always try my best.", [], [StarPart.Situation, StarPart.Action, StarPart.Result] },
    };

    [Theory]
    [MemberData(nameof(CoachVerdicts))]
    public void Short_answers_are_judged_as_a_coach_would(string answer, StarPart[] there, StarPart[] absent)
    {
        var analysis = Analyzer.Analyze(answer);

        Assert.All(there, part => Assert.NotEqual(PartStatus.Missing, analysis[part].Status));
        Assert.All(absent, part => Assert.Equal(PartStatus.Missing, analysis[part].Status));
    }

    [Theory]
    [InlineData("I handled it.")]
    [InlineData("I am a hard worker and I always try my best.")]
    [InlineData("I always communicate clearly with stakeholders.")]
    public void Thin_answers_are_not_judged_complete(string answer)
    {
        var analysis = Analyzer.Analyze(answer);

        Assert.False(analysis.IsComplete);
        Assert.NotEqual(PartStatus.Present, analysis[StarPart.Task].Status);
    }

    [Fact]
    public void One_sentence_holding_situation_action_and_result_gives_each_its_own_evidence()
    {
        var analysis = Analyzer.Analyze("We had flaky deploys so I added a canary stage and rollbacks; failed deploys dropped from 9 to 1 a month.");

        Assert.Equal(["We had flaky deploys"], analysis[StarPart.Situation].Evidence);
        Assert.Contains(analysis[StarPart.Action].Evidence, e => e.Contains("canary stage", StringComparison.Ordinal));
        Assert.Contains(analysis[StarPart.Result].Evidence, e => e.Contains("from 9 to 1", StringComparison.Ordinal));
        Assert.True(analysis.Signals.Quantified);
        Assert.DoesNotContain(analysis.Feedback, f => f.Contains("I can't find what you did", StringComparison.Ordinal));
    }

    public static TheoryData<string> LabelStyles() => new()
    {
        "Situation: new team, no docs. Task: get new hires going. Action: I wrote a guide. Result: it helped.",
        "S - new team, no docs\nT - get new hires going\nA - I wrote a guide\nR - it helped",
        "(S) Situation: new team, no docs\n(T) Task: get new hires going\n(A) Action: I wrote a guide\n(R) Result: it helped",
        "**Situation**\nnew team, no docs\n\n**Task**\nget new hires going\n\n**Action**\nI wrote a guide\n\n**Result**\nit helped",
        "## Situation\nnew team, no docs\n## Task\nget new hires going\n## Actions taken\nI wrote a guide\n## Result(s)\nit helped",
        "- **Situation**: new team, no docs\n- **Task** - get new hires going\n- **Action**: I wrote a guide\n- **Result**: it helped",
        "Situation (S): new team, no docs\nTask (T): get new hires going\nAction (A): I wrote a guide\nResult (R): it helped",
        "**S** new team, no docs\n**T** get new hires going\n**A** I wrote a guide\n**R** it helped",
    };

    [Theory]
    [MemberData(nameof(LabelStyles))]
    public void A_writers_own_labels_win_in_every_style(string answer)
    {
        var analysis = Analyzer.Analyze(answer);

        // "it helped" and "get new hires going" would not be found without their labels.
        Assert.Empty(analysis.Missing);
        Assert.Equal(["it helped"], analysis[StarPart.Result].Evidence.Select(e => e.TrimEnd('.')));
        Assert.Equal(["get new hires going"], analysis[StarPart.Task].Evidence.Select(e => e.TrimEnd('.')));
    }

    [Fact]
    public void A_label_wins_over_what_the_words_look_like()
    {
        // Under "Result:" an action-like sentence is still the writer's result; unlabelled, it would read as an action.
        var analysis = Analyzer.Analyze("Situation: our build was slow.\nAction: I cached the dependencies.\nResult: I rolled it out to every team.");

        Assert.Contains("I rolled it out to every team.", analysis[StarPart.Result].Evidence);
        Assert.NotEqual(PartStatus.Missing, analysis[StarPart.Result].Status);
    }

    [Theory]
    [InlineData("Page load went from 12 seconds to 3.")]
    [InlineData("Our CSAT moved from 4.2 to 4.6.")]
    [InlineData("p95 latency is now below 100 ms.")]
    [InlineData("Churn dropped 40%.")]
    [InlineData("The backlog halved within a month.")]
    [InlineData("Builds run twice as fast now.")]
    [InlineData("There have been no outages since.")]
    [InlineData("It never happened again.")]
    public void A_measured_change_counts_as_quantified(string result)
    {
        var analysis = Analyzer.Analyze("Situation: our checkout kept failing during sales.\nAction: I profiled it and fixed the slow query.\nResult: " + result);

        Assert.True(analysis.Signals.Quantified, result);
        Assert.DoesNotContain(analysis.Feedback, f => f.Contains("has no number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_result_without_a_measure_is_not_quantified()
    {
        var analysis = Analyzer.Analyze("Situation: our checkout kept failing during sales.\nAction: I profiled it and fixed the slow query.\nResult: The team was happy with it.");

        Assert.False(analysis.Signals.Quantified);
        Assert.Contains(analysis.Feedback, f => f.Contains("has no number", StringComparison.Ordinal));
    }
}
