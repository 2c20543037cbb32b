using StarBot.Core.Content;
using StarBot.Testing;

namespace StarBot.Core.Tests.Content;

public sealed class ContentLoaderErrorTests : IDisposable
{
    private const string Competency = """
        ---
        id: teamwork
        name: Teamwork
        description: Working with others.
        ---

        ## Tips
        1. **Credit others** - Name who helped.
        """;

    private readonly TempFolder _folder = new();

    public ContentLoaderErrorTests() => _folder.Write("competencies/teamwork.md", Competency);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_valid_folder_loads_with_all_parts_and_tips()
    {
        _folder.Write("questions/teamwork/helped.md", """
            ---
            id: helped
            competency: teamwork
            tags: [helping, Peers]
            question: Tell me about a time you helped a teammate.
            role: QA Engineer
            ---

            ## Situation
            A teammate was stuck.

            ## Task
            I had to unblock them.

            ## Action
            I paired with them
            for two afternoons.

            ## Result
            They shipped on time.

            ## Tips
            - Say what *you* did
              and why.
            """);

        var result = ContentLoader.Load(_folder.Path);

        Assert.Empty(result.Errors);
        var question = Assert.Single(result.Library.Questions);
        Assert.Equal(["helping", "peers"], question.Tags);
        Assert.Equal("I paired with them\nfor two afternoons.", question.Example!.Action);
        Assert.Equal("Say what *you* did and why.", Assert.Single(question.Tips).Text);
        Assert.Equal(new Tip("Credit others", "Name who helped."), Assert.Single(result.Library.Competencies).Tips[0]);
    }

    [Theory]
    [InlineData("---\ncompetency: teamwork\nquestion: Why?\n---\n", 1, "missing 'id'")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: Why?\n---\n\n## Situation\nx\n\n## Outcome\ny\n", 10, "unknown part heading 'Outcome'")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: \"\"\n---\n", 4, "'question' is empty")]
    [InlineData("---\nid: q1\ncompetency: teamwork\n---\n", 1, "missing 'question'")]
    [InlineData("---\nid: q1\ncompetency: dancing\nquestion: Why?\n---\n", 3, "unknown competency 'dancing'")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: Why?\nauthor: me\n---\n", 5, "unknown key 'author'")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: [unclosed\n---\n", 5, "not valid YAML")]
    [InlineData("---\nid: Q 1\ncompetency: teamwork\nquestion: Why?\n---\n", 2, "lowercase letters, digits and dashes")]
    [InlineData("id: q1\n", 1, "missing front matter")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: Why?\n---\nstray text\n", 6, "text outside a section")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: Why?\n---\n## Task\n\n## Action\nx\n", 6, "section '## Task' is empty")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: Why?\ntags: helping\n---\n", 5, "'tags' must be a list")]
    [InlineData("---\nid: q1\ncompetency: teamwork\nquestion: Why?\n---\n### Situation\nx\n", 6, "only '## Part' headings")]
    public void A_broken_question_file_is_reported_with_file_line_and_reason(string text, int line, string reason)
    {
        var file = _folder.Write("questions/teamwork/broken.md", text);

        var error = Assert.Single(ContentLoader.Load(_folder.Path).Errors);

        Assert.Equal(file, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{file}:{line}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_names_both_places()
    {
        var first = _folder.Write("questions/teamwork/a.md", "---\nid: same\ncompetency: teamwork\nquestion: One?\n---\n");
        var second = _folder.Write("questions/teamwork/b.md", "---\ncompetency: teamwork\nid: same\nquestion: Two?\n---\n");

        var error = Assert.Single(ContentLoader.Load(_folder.Path).Errors);

        Assert.Equal($"{second}:3: duplicate id 'same' (first defined at {first}:2)", error.ToString());
    }

    [Fact]
    public void Every_broken_file_is_reported_in_one_run_and_OrThrow_lists_them()
    {
        _folder.Write("questions/teamwork/a.md", "---\nid: a\ncompetency: nope\nquestion: One?\n---\n");
        _folder.Write("questions/teamwork/b.md", "---\nid: b\ncompetency: teamwork\n---\n");
        _folder.Write("questions/teamwork/c.md", "---\nid: c\ncompetency: teamwork\nquestion: Fine?\n---\n");

        var result = ContentLoader.Load(_folder.Path);

        Assert.Equal(2, result.Errors.Count);
        Assert.Single(result.Library.Questions);
        var thrown = Assert.Throws<ContentException>(() => result.OrThrow());
        Assert.Contains("a.md:3: unknown competency", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("b.md:1: missing 'question'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_an_error_not_an_exception()
    {
        var result = ContentLoader.Load(Path.Combine(_folder.Path, "nowhere"));

        Assert.False(result.IsValid);
        Assert.Contains("not found", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
