using System.Text.Json;
using StarBot.Testing;

namespace StarBot.Tests.Cli;

public sealed class AnalysisVerbTests
{
    private const string Answer =
        "At my last job our nightly data export failed twice a week. I was asked to make it reliable. " +
        "I traced every failure to a slow vendor API, added retries with backoff and split the export into batches. " +
        "Failures went from eight a month to zero, and I learned to read the history before changing code.";

    private const string NoResult =
        "At my last job our nightly data export failed twice a week. I was asked to make it reliable. " +
        "I traced every failure to a slow vendor API, added retries with backoff and split the export into batches.";

    [Fact]
    public void Analyze_json_follows_the_contract()
    {
        var (code, stdout, stderr) = CliRunner.RunWithInput(NoResult, "analyze", "-", "--json");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var statuses = new Dictionary<string, string>();
        foreach (var part in new[] { "situation", "task", "action", "result" })
        {
            var p = root.GetProperty("parts").GetProperty(part);
            statuses[part] = p.GetProperty("status").GetString()!;
            Assert.Contains(statuses[part], new[] { "present", "weak", "missing" });
            Assert.InRange(p.GetProperty("confidence").GetDouble(), 0.0, 1.0);
            Assert.Equal(JsonValueKind.Array, p.GetProperty("evidence").ValueKind);
        }

        var missing = root.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(statuses.Where(s => s.Value == "missing").Select(s => s.Key), missing);
        Assert.Equal(["result"], missing);
        var signals = root.GetProperty("signals");
        Assert.Equal(JsonValueKind.False, signals.GetProperty("quantified").ValueKind);
        Assert.InRange(signals.GetProperty("ownership").GetDouble(), 0.0, 1.0);
        Assert.Equal(JsonValueKind.False, signals.GetProperty("reflection").ValueKind);
        Assert.Equal(38, signals.GetProperty("words").GetInt32());
        Assert.NotEqual(0, root.GetProperty("feedback").GetArrayLength());
    }

    [Fact]
    public void Analyze_reads_a_file_and_prints_a_checklist_for_people()
    {
        using var folder = new TempFolder();
        var file = folder.Write("answer.txt", Answer);

        var (code, stdout, _) = CliRunner.Run("analyze", file);

        Assert.Equal(0, code);
        Assert.Contains("[x] Situation: present", stdout, StringComparison.Ordinal);
        Assert.Contains("[x] Result: present", stdout, StringComparison.Ordinal);
        Assert.Contains("\"Failures went from eight a month to zero", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no/such/answer.txt", "File not found")]
    public void Analyze_with_a_missing_file_exits_2(string file, string message)
    {
        var (code, stdout, stderr) = CliRunner.Run("analyze", file, "--json");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_with_empty_input_exits_2()
    {
        var (code, _, stderr) = CliRunner.RunWithInput("   \n", "analyze");

        Assert.Equal(2, code);
        Assert.Contains("No answer text", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_answers_every_good_line_in_order_and_reports_bad_lines_then_exits_2()
    {
        var input = string.Join("\n",
            JsonSerializer.Serialize(new { id = "a", text = Answer }),
            "{not json",
            JsonSerializer.Serialize(new { id = "b", text = NoResult }),
            JsonSerializer.Serialize(new { id = "c" }),
            "[1,2]",
            JsonSerializer.Serialize(new { id = 7, text = "" }),
            "",
            JsonSerializer.Serialize(new { id = "d", text = Answer }));

        var (code, stdout, stderr) = CliRunner.RunWithInput(input, "analyze", "--jsonl", "-");

        Assert.Equal(2, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "line 2", "b", "c", "line 5", "7", "d"], lines.Select(l => l.GetProperty("id").ToString()));
        Assert.True(lines[0].TryGetProperty("parts", out _));
        Assert.Equal("result", lines[2].GetProperty("missing")[0].GetString());
        Assert.Contains("not valid JSON", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("missing \"text\"", lines[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("JSON object", lines[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("empty", lines[5].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("line 2:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_of_good_lines_exits_0()
    {
        var input = JsonSerializer.Serialize(new { id = "only", text = Answer }) + "\n";

        var (code, stdout, _) = CliRunner.RunWithInput(input, "analyze", "--jsonl");

        Assert.Equal(0, code);
        Assert.Equal("only", JsonDocument.Parse(stdout).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void Feedback_prints_advice_that_quotes_the_answer()
    {
        var (code, stdout, _) = CliRunner.Run("feedback", "Our", "release", "process", "was", "manual.", "I", "had", "to", "automate", "it.",
            "I", "wrote", "a", "pipeline", "and", "documented", "it.", "It", "went", "fine", "in", "the", "end.");

        Assert.Equal(0, code);
        Assert.Contains("WHAT WOULD MAKE IT STRONGER", stdout, StringComparison.Ordinal);
        Assert.Contains("\"It went fine in the end\"", stdout, StringComparison.Ordinal);
    }
}
