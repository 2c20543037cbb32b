using System.Text.Json;
using StarBot.Testing;

namespace StarBot.Tests.Cli;

public sealed class ContentVerbTests
{
    [Fact]
    public void Example_prints_the_question_each_part_and_the_tips()
    {
        var (code, stdout, stderr) = CliRunner.Run("example", "led", "without", "authority");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("Tell me about a time you led a project without formal authority", stdout, StringComparison.Ordinal);
        var order = new[] { "SITUATION", "TASK", "ACTION", "RESULT", "TIPS" }.Select(h => stdout.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order(), order);
        Assert.Contains("Show initiative - Demonstrate that you step up without being asked", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("**", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_json_is_one_object_with_question_parts_and_tips()
    {
        var (code, stdout, _) = CliRunner.Run("example", "mentoring", "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("mentored-engineers", root.GetProperty("question").GetProperty("id").GetString());
        Assert.Equal("leadership", root.GetProperty("question").GetProperty("competency").GetString());
        foreach (var part in new[] { "situation", "task", "action", "result" })
        {
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("example").GetProperty(part).GetString()), part);
        }

        Assert.Equal(6, root.GetProperty("tips").GetArrayLength());
        Assert.Equal("Show initiative", root.GetProperty("tips")[0].GetProperty("title").GetString());
    }

    [Fact]
    public void Example_with_an_unknown_topic_exits_2_and_suggests_topics()
    {
        var (code, stdout, stderr) = CliRunner.Run("example", "leadrship", "zebras");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("No example answer matches \"leadrship zebras\"", stderr, StringComparison.Ordinal);
        Assert.Contains("leadership", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_without_a_topic_is_bad_usage()
    {
        var (code, stdout, stderr) = CliRunner.Run("example");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("Required argument missing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Questions_lists_everything_and_filters_by_competency_or_loose_topic()
    {
        var all = JsonDocument.Parse(CliRunner.Run("questions", "--json").Stdout).RootElement;
        var conflict = JsonDocument.Parse(CliRunner.Run("questions", "--topic", "conflict", "--json").Stdout).RootElement;
        var loose = JsonDocument.Parse(CliRunner.Run("questions", "--topic", "angry customers", "--json").Stdout).RootElement;

        Assert.True(all.GetProperty("count").GetInt32() >= 44);
        Assert.Equal(all.GetProperty("count").GetInt32(), all.GetProperty("questions").GetArrayLength());
        Assert.All(conflict.GetProperty("questions").EnumerateArray(), q => Assert.Equal("conflict", q.GetProperty("competency").GetString()));
        Assert.True(conflict.GetProperty("count").GetInt32() >= 4);
        Assert.Equal("customer-focus", loose.GetProperty("questions")[0].GetProperty("competency").GetString());
    }

    [Fact]
    public void Questions_on_an_unknown_topic_exits_2()
    {
        var (code, stdout, stderr) = CliRunner.Run("questions", "--topic", "qqqq");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("No questions match", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Topics_counts_questions_per_competency()
    {
        var (code, stdout, _) = CliRunner.Run("topics", "--json");

        Assert.Equal(0, code);
        var topics = JsonDocument.Parse(stdout).RootElement.GetProperty("topics").EnumerateArray().ToList();
        Assert.True(topics.Count >= 8);
        var leadership = topics.Single(t => t.GetProperty("id").GetString() == "leadership");
        Assert.True(leadership.GetProperty("questions").GetInt32() >= 4);
        Assert.True(leadership.GetProperty("examples").GetInt32() >= 4);
    }

    [Fact]
    public void Content_check_of_a_broken_folder_lists_file_line_errors_and_exits_2()
    {
        using var folder = new TempFolder();
        folder.Write("competencies/teamwork.md", "---\nid: teamwork\nname: Teamwork\n---\n");
        var broken = folder.Write("questions/x.md", "---\nid: x\ncompetency: teamwork\nquestion: Why?\n---\n## Outcome\nx\n");

        var (code, stdout, stderr) = CliRunner.Run("content", "check", folder.Path);

        Assert.Equal(2, code);
        Assert.Contains($"{broken}:6: unknown part heading 'Outcome'", stderr, StringComparison.Ordinal);
        Assert.Contains("0 questions", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_check_of_the_repository_passes_with_counts()
    {
        var (code, stdout, stderr) = CliRunner.Run("content", "check", RepoPaths.Content, "--json");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.True(root.GetProperty("competencies").GetProperty("conflict").GetInt32() >= 4);
    }

    [Fact]
    public void Content_check_of_a_missing_folder_exits_2()
    {
        var (code, _, stderr) = CliRunner.Run("content", "check", "/no/such/folder");

        Assert.Equal(2, code);
        Assert.Contains("not found", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("topics", "--no-such-option")]
    [InlineData("questions", "--topic")]
    public void Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (code, _, stderr) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.NotEqual("", stderr.Trim());
    }

    [Fact]
    public void A_verb_with_broken_configured_content_exits_2_naming_the_file()
    {
        using var folder = new TempFolder();
        folder.Write("competencies/teamwork.md", "---\nid: teamwork\n---\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = StarBot.Cli.CliApp.Run(["topics"], TextReader.Null, stdout, stderr, new Dictionary<string, string?> { ["Content:Path"] = folder.Path });

        Assert.Equal(2, code);
        Assert.Contains("teamwork.md:1: missing 'name'", stderr.ToString(), StringComparison.Ordinal);
    }
}
