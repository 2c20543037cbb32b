using System.Diagnostics;

namespace StarBot.Testing;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built StarBot executable as a separate process, as a user or a script would.</summary>
internal static class StarBotProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "StarBot.dll");

    public static async Task<ProcessResult> RunAsync(
        IEnumerable<string> args,
        string? stdin = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return await RunAsync(info, stdin, timeout ?? TimeSpan.FromSeconds(60), "starbot " + string.Join(' ', info.ArgumentList.Skip(1)));
    }

    /// <summary>Runs a prepared process to its end: stdin written and closed, both outputs read, killed after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo info, string? stdin, TimeSpan timeout, string description)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{description} did not finish; stderr so far: {await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts <c>starbot serve</c> on loopback <paramref name="port"/>, with its store in <paramref name="folder"/>
    /// (also its working folder), the repository's content, warnings only in the log, and <paramref name="settings"/>.
    /// </summary>
    /// <param name="output">Collects the lines of stdout and stderr, for tests that read the log.</param>
    public static Process Serve(TempFolder folder, int port, IReadOnlyDictionary<string, string> settings, System.Collections.Concurrent.ConcurrentQueue<string>? output = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__Path"] = Path.Combine(folder.Path, "starbot.db"),
            ["Content__Path"] = RepoPaths.Content,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return Start(["serve", "--urls", $"http://127.0.0.1:{port}"], environment, folder.Path, output);
    }

    /// <summary>Starts StarBot to keep running (a server); its output is read (into <paramref name="output"/>, or dropped) so that it never blocks.</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory, System.Collections.Concurrent.ConcurrentQueue<string>? output = null)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Collect(string? line)
        {
            if (line is not null)
            {
                output?.Enqueue(line);
            }
        }
    }

    /// <summary>Waits (at most 15 s) until a collected line contains <paramref name="text"/>; false if none did.</summary>
    public static async Task<bool> WaitForLineAsync(System.Collections.Concurrent.ConcurrentQueue<string> output, string text)
    {
        for (var i = 0; i < 300; i++)
        {
            if (output.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
