using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Core.Tests.Analysis;

public sealed class AnswerSegmenterTests
{
    [Theory]
    [InlineData("Situation: We were late.\nTask: I had to fix it.\nAction: I wrote a plan.\nResult: We shipped.")]
    [InlineData("**Situation:** We were late.\n**Task:** I had to fix it.\n**Action:** I wrote a plan.\n**Result:** We shipped.")]
    [InlineData("S: We were late.\nT: I had to fix it.\nA: I wrote a plan.\nR: We shipped.")]
    [InlineData("S - We were late.\nT - I had to fix it.\nA - I wrote a plan.\nR - We shipped.")]
    [InlineData("S: We were late. T: I had to fix it. A: I wrote a plan. R: We shipped.")]
    [InlineData("Context: We were late.\nGoal: I had to fix it.\nWhat I did: I wrote a plan.\nOutcome: We shipped.")]
    [InlineData("## Situation\nWe were late.\n## Task\nI had to fix it.\n## Action\nI wrote a plan.\n## Result\nWe shipped.")]
    public void Labels_in_many_styles_are_read(string answer)
    {
        var segments = AnswerSegmenter.Split(answer);

        Assert.Equal(["We were late.", "I had to fix it.", "I wrote a plan.", "We shipped."], segments.Select(s => s.Text));
        Assert.Equal([StarPart.Situation, StarPart.Task, StarPart.Action, StarPart.Result], segments.Select(s => s.Label!.Value));
    }

    [Fact]
    public void A_label_on_its_own_line_applies_to_the_lines_below_it()
    {
        var segments = AnswerSegmenter.Split("Action:\n- wrote a plan\n- paired with QA\nResult:\n- shipped");

        Assert.Equal([StarPart.Action, StarPart.Action, StarPart.Result], segments.Select(s => s.Label!.Value));
        Assert.All(segments, s => Assert.True(s.Bullet));
    }

    [Fact]
    public void Prose_is_split_into_sentences_without_breaking_decimals_or_abbreviations()
    {
        var segments = AnswerSegmenter.Split("Latency was 2.5 s, e.g. on checkout. I fixed it! Now it is 0.3 s.");

        Assert.Equal(["Latency was 2.5 s, e.g. on checkout.", "I fixed it!", "Now it is 0.3 s."], segments.Select(s => s.Text));
        Assert.All(segments, s => Assert.Null(s.Label));
    }

    [Fact]
    public void A_list_number_opening_a_line_stays_with_its_sentence()
    {
        var segments = AnswerSegmenter.Split("**4. Storytelling:** Used a dashboard.\n**5. Provided a summary.** It had 3 findings.");

        Assert.Equal(["4. Storytelling: Used a dashboard.", "5. Provided a summary.", "It had 3 findings."], segments.Select(s => s.Text));
    }

    [Fact]
    public void A_line_wrapped_by_the_editor_is_one_sentence_but_short_notes_stay_apart()
    {
        var segments = AnswerSegmenter.Split(
            "- Separated analytical computation (Hive) from search serving (Elasticsearch)\n  so each layer scaled on its own\n" +
            "- Designed a translation layer between Hive outputs and\n  Elasticsearch indices\n" +
            "new team, no docs\nwrote an onboarding guide\nramp-up halved");

        Assert.Equal(
            [
                "Separated analytical computation (Hive) from search serving (Elasticsearch) so each layer scaled on its own",
                "Designed a translation layer between Hive outputs and Elasticsearch indices",
                "new team, no docs", "wrote an onboarding guide", "ramp-up halved",
            ],
            segments.Select(s => s.Text));
        Assert.Equal([true, true, false, false, false], segments.Select(s => s.Bullet));
    }

    [Fact]
    public void Paragraphs_and_bullets_are_recorded()
    {
        var segments = AnswerSegmenter.Split("We were late.\n\n- wrote a plan\n* paired with qa\n\nWe shipped.");

        Assert.Equal([0, 1, 1, 2], segments.Select(s => s.Paragraph));
        Assert.Equal([false, true, true, false], segments.Select(s => s.Bullet));
        Assert.Equal("wrote a plan", segments[1].Text);
    }

    [Fact]
    public void A_long_run_on_sentence_is_split_at_clause_joints()
    {
        var rambling = "so basically our deploys kept failing on friday evenings and nobody really knew why because the logs were a mess, " +
            "so I spent a weekend reading every failed run and grouping them by error, and then I wrote a small script that retried the flaky step";

        var segments = AnswerSegmenter.Split(rambling);

        Assert.True(segments.Count >= 2, string.Join(" | ", segments.Select(s => s.Text)));
        Assert.StartsWith("so basically", segments[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a) first I profiled it")]
    [InlineData("Long story short: it worked.")]
    [InlineData("Note: I was new.")]
    public void Words_that_are_not_part_labels_are_left_alone(string line)
    {
        Assert.All(AnswerSegmenter.Split(line), s => Assert.Null(s.Label));
    }

    [Fact]
    public void Empty_input_has_no_segments()
    {
        Assert.Empty(AnswerSegmenter.Split(""));
        Assert.Empty(AnswerSegmenter.Split("  \n\n  "));
    }
}

public sealed class LowercaseSentenceTests
{
    [Fact]
    public void Sentences_typed_in_lower_case_are_still_split_but_initials_are_not()
    {
        var segments = AnswerSegmenter.Split("i was a dispatcher. my boss told me to sort it out. i called the U.S. office first.");

        Assert.Equal(["i was a dispatcher.", "my boss told me to sort it out.", "i called the U.S. office first."], segments.Select(s => s.Text));
    }
}

public sealed class LabelAndClauseTests
{
    [Theory]
    [InlineData("(S) Situation: we were late.\n(T) Task: fix it.")]
    [InlineData("S (Situation): we were late.\nT (Task): fix it.")]
    [InlineData("Situation (S): we were late.\nTask (T): fix it.")]
    [InlineData("S - Situation: we were late.\nT - Task: fix it.")]
    [InlineData("[Situation]: we were late.\n[Task]: fix it.")]
    [InlineData("**Situation** we were late.\n**Task** fix it.")]
    [InlineData("Situation\nwe were late.\nTask\nfix it.")]
    [InlineData("Situation: we were late. Task: fix it.")]
    [InlineData("1. **Situation**: we were late.\n2. **Task**: fix it.")]
    public void Labels_in_more_styles_are_read_and_removed(string answer)
    {
        var segments = AnswerSegmenter.Split(answer);

        Assert.Equal(["we were late.", "fix it."], segments.Select(s => s.Text));
        Assert.Equal([StarPart.Situation, StarPart.Task], segments.Select(s => s.Label!.Value));
    }

    [Fact]
    public void Bullets_nested_under_a_labelled_bullet_take_its_label()
    {
        var segments = AnswerSegmenter.Split("- **Situation**: old db\n  - 3 services wrote to it\n- **Action**: wrote a shim\n  - backfilled it\n- cut over in 40 min");

        Assert.Equal([StarPart.Situation, StarPart.Situation, StarPart.Action, StarPart.Action, null], segments.Select(s => s.Label));
    }

    [Theory]
    [InlineData("We had flaky deploys so I added a canary stage; failed deploys dropped from 9 to 1.", new[] { "We had flaky deploys", "so I added a canary stage", "failed deploys dropped from 9 to 1." })]
    [InlineData("prod db ran out of disk at 2am -> i cleaned old WAL files, no outages since", new[] { "prod db ran out of disk at 2am", "i cleaned old WAL files", "no outages since" })]
    [InlineData("I moved batch jobs to spot instances and the bill fell by 30%.", new[] { "I moved batch jobs to spot instances", "and the bill fell by 30%." })]
    [InlineData("Our queue doubled after the launch, which meant people waited a day.", new[] { "Our queue doubled after the launch", "which meant people waited a day." })]
    public void A_short_sentence_is_cut_where_a_new_part_starts(string sentence, string[] clauses)
    {
        Assert.Equal(clauses, AnswerSegmenter.Split(sentence).Select(s => s.Text));
    }

    [Theory]
    [InlineData("I wrote tests; docs.")]
    [InlineData("It was a so-so release.")]
    [InlineData("We tried A -> B.")]
    public void Short_lists_and_dashes_are_not_cut(string sentence)
    {
        Assert.Single(AnswerSegmenter.Split(sentence));
    }

    [Fact]
    public void Notes_pasted_into_one_line_become_bullets_again()
    {
        var segments = AnswerSegmenter.Split("Collected logs and traces. - Read the backend code - Synced with the backend team");

        Assert.Equal(["Collected logs and traces.", "Read the backend code", "Synced with the backend team"], segments.Select(s => s.Text));
    }
}
