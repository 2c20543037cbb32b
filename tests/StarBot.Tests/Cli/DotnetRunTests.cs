using System.Diagnostics;
using System.Text.Json;
using StarBot.Testing;

namespace StarBot.Tests.Cli;

/// <summary>
/// <c>dotnet run --project src/StarBot</c>, the README's first command, runs StarBot in the caller's folder: files named
/// on the command line are found there, and from the repository root its content/ is the one read (not the build
/// output's copy). Runs the build the tests already made (<c>--no-build</c>).
/// </summary>
public sealed class DotnetRunTests
{
    [Fact]
    public async Task A_file_named_on_the_command_line_is_found_in_the_callers_folder()
    {
        using var folder = new TempFolder();
        folder.Write("answer.txt", "Our deploys failed weekly. I had to fix it. I added a canary stage. Failed deploys fell to zero.");

        var result = await DotnetRunAsync(folder.Path, null, "analyze", "answer.txt", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(4, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("parts").EnumerateObject().Count());
    }

    [Fact]
    public async Task From_the_repository_root_content_check_reads_the_repositorys_content()
    {
        var result = await DotnetRunAsync(RepoPaths.Root, null, "content", "check", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(RepoPaths.Content, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public async Task From_the_repository_root_with_no_verb_the_chat_opens()
    {
        var result = await DotnetRunAsync(RepoPaths.Root, "topics\nquit\n");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("I'm StarBot", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("leadership", result.Stdout, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> DotnetRunAsync(string workingDirectory, string? stdin, params string[] args)
    {
        // The configuration the tests were built in (bin/<configuration>/<framework>/), so that --no-build finds that build.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in (string[])["run", "--no-build", "-c", configuration, "--project", Path.Combine(RepoPaths.Root, "src", "StarBot"), "--", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        return await StarBotProcess.RunAsync(info, stdin, TimeSpan.FromSeconds(90), $"dotnet run {string.Join(' ', args)}");
    }
}
