using System.Text.Json;
using StarBot.Testing;

namespace StarBot.Tests.Cli;

/// <summary>Each verb run as a real process: exit codes, stdout holding only JSON, and content found from any folder.</summary>
public sealed class ProcessTests
{
    [Theory]
    [InlineData("example influence --json", "question")]
    [InlineData("questions --json", "questions")]
    [InlineData("topics --json", "topics")]
    [InlineData("content check --json", "valid")]
    public async Task Json_verbs_print_exactly_one_json_object(string command, string key)
    {
        var result = await StarBotProcess.RunAsync(command.Split(' '));

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.True(doc.RootElement.TryGetProperty(key, out _));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Analyze_reads_standard_input_and_prints_one_json_object()
    {
        var result = await StarBotProcess.RunAsync(["analyze", "--json"], stdin: "Our deploys failed weekly. I had to fix it. I added a canary stage. Failed deploys fell to zero.");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(4, doc.RootElement.GetProperty("parts").EnumerateObject().Count());
    }

    [Fact]
    public async Task Analyze_jsonl_with_a_malformed_line_answers_the_rest_and_exits_2()
    {
        var result = await StarBotProcess.RunAsync(["analyze", "--jsonl", "-"], stdin: "{\"id\":\"x\",\"text\":\"I fixed it.\"}\nnot json\n");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("x", JsonDocument.Parse(lines[0]).RootElement.GetProperty("id").GetString());
        Assert.Equal("line 2", JsonDocument.Parse(lines[1]).RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("feedback")]
    [InlineData("analyze", "/no/such/file")]
    [InlineData("example", "no", "such", "topic", "qqq")]
    [InlineData("example")]
    [InlineData("content", "check", "/no/such/folder")]
    [InlineData("unknown-verb")]
    public async Task Bad_input_exits_2_with_a_message_on_stderr(params string[] args)
    {
        var result = await StarBotProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual("", result.Stderr.Trim());
    }

    [Fact]
    public async Task Started_from_another_folder_it_uses_the_content_beside_the_executable()
    {
        using var elsewhere = new TempFolder();

        var result = await StarBotProcess.RunAsync(["example", "mentoring"], workingDirectory: elsewhere.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("How have you mentored or developed other engineers?", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_working_folders_content_wins_over_the_copy_beside_the_executable()
    {
        using var folder = new TempFolder();
        folder.Write("content/competencies/teamwork.md", "---\nid: teamwork\nname: Teamwork\n---\n");
        folder.Write("content/questions/only.md", "---\nid: only\ncompetency: teamwork\nquestion: The only one?\n---\n## Tips\n- Be brief.\n");

        var result = await StarBotProcess.RunAsync(["questions", "--json"], workingDirectory: folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("count").GetInt32());
    }
}
