using StarBot.Testing;

namespace StarBot.Tests.Cli;

public sealed class ContentCheckOrderTests
{
    [Fact]
    public void Content_check_reports_errors_in_file_and_line_order()
    {
        using var folder = new TempFolder();
        folder.Write("content/competencies/teamwork.md", "---\nid: teamwork\nname: Teamwork\n---\n");
        // b.md: an unknown key on line 4 and, checked later, a missing question (reported at line 1).
        folder.Write("content/questions/b.md", "---\nid: b\ncompetency: teamwork\ncolour: blue\n---\n");
        folder.Write("content/questions/a.md", "---\nid: a\ncompetency: nowhere\nquestion: Why?\n---\n");

        var (code, _, stderr) = CliRunner.Run("content", "check", Path.Combine(folder.Path, "content"));

        Assert.Equal(2, code);
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Contains(".md:", StringComparison.Ordinal)).ToList();
        var located = errors.Select(l => (File: Path.GetFileName(l[..l.IndexOf(".md:", StringComparison.Ordinal)]), Line: int.Parse(l.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(["a", "b", "b"], located.Select(e => e.File));
        Assert.Equal(located.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line), located);
        Assert.Contains(errors, e => e.Contains("b.md:1: missing 'question'", StringComparison.Ordinal));
    }
}
