using StarBot.Cli;

namespace StarBot.Tests.Cli;

/// <summary>Runs the CLI in-process with captured streams: fast, for the many cases a process test would slow down.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunWithInput(null, args);

    public static (int ExitCode, string Stdout, string Stderr) RunWithInput(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, new StringReader(stdin ?? ""), stdout, stderr, new Dictionary<string, string?>
        {
            ["Content:Path"] = StarBot.Testing.RepoPaths.Content,
        });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
