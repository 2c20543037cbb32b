using System.CommandLine;
using StarBot.Core.Content;

namespace StarBot.Cli;

/// <summary>The command line: one root, one verb per job, and exit codes scripts can rely on.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var context = new CliContext(input, output, error, overrides);
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout and nothing else" };
        var root = new RootCommand("StarBot: practise behavioural interview answers with the STAR method (Situation, Task, Action, Result).");
        foreach (var verb in ContentVerbs.Create(context, json).Concat(AnalysisVerbs.Create(context, json)).Concat(ChatVerbs.Create(context)))
        {
            root.Subcommands.Add(verb);
        }

        root.Subcommands.Add(ServeVerb.Create(context));
        root.Subcommands.Add(TeamsVerbs.Create(context));

        // No verb: the service when a platform is configured, else the terminal chat; decided from the configuration
        // the service would run with, and only once it is known to be valid.
        root.SetAction((_, cancellationToken) =>
        {
            ConfigurationCheck.ThrowIfInvalid(context.Configuration);
            return Service.StarBotHost.AnyPlatformConfigured(context.Configuration)
                ? ServeVerb.RunAsync(context, null, cancellationToken)
                : ChatVerbs.RunChatAsync(context, "you", cancellationToken);
        });

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine answers parse errors with 1; our contract says bad usage is 2.
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine(parseError.Message);
            }

            error.WriteLine($"Run 'starbot {string.Join(' ', parse.CommandResult.Command == root ? [] : new[] { parse.CommandResult.Command.Name })} --help' for usage.".Replace("  ", " "));
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).GetAwaiter().GetResult();
        }
        catch (ContentException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (ConfigurationException e)
        {
            foreach (var problem in e.Problems)
            {
                error.WriteLine($"Configuration error: {problem}");
            }

            return ExitCodes.BadInput;
        }
    }
}
