using System.CommandLine;
using Microsoft.Extensions.Options;
using StarBot.Core.Content;
using StarBot.Service;

namespace StarBot.Cli;

/// <summary><c>serve</c>: the hosted service, until stopped (Ctrl+C or SIGTERM).</summary>
public static class ServeVerb
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:5080 (default: ASPNETCORE_URLS, Kestrel settings, or http://localhost:5000)" };
        // Settings may follow as --Section:Key=value (the configuration's command-line source); anything else is still bad usage.
        var serve = new Command("serve", "Run the hosted service: the platform endpoints, health checks, scheduler and delivery; settings may follow as --Section:Key=value") { urls };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((parse, cancellationToken) =>
        {
            if (parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith("--", StringComparison.Ordinal) || !t.Contains('=', StringComparison.Ordinal)) is { } stray)
            {
                context.Error.WriteLine($"Unrecognized argument '{stray}': settings are given as --Section:Key=value. Run 'starbot serve --help' for usage.");
                return Task.FromResult(ExitCodes.BadInput);
            }

            return RunAsync(context, parse.GetValue(urls), cancellationToken, parse.UnmatchedTokens);
        });
        return serve;
    }

    public static async Task<int> RunAsync(CliContext context, string? urls, CancellationToken cancellationToken, IReadOnlyList<string>? settings = null)
    {
        try
        {
            await using var app = StarBotHost.Build([.. urls is null ? [] : new[] { "--urls", urls }, .. settings ?? []], context.Overrides);
            return await StarBotHost.RunAsync(app, cancellationToken) ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (OptionsValidationException e)
        {
            WriteProblems(context, e.Failures);
            return ExitCodes.BadInput;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            WriteProblems(context, e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(i => i.Failures));
            return ExitCodes.BadInput;
        }
        catch (ContentException e)
        {
            context.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    private static void WriteProblems(CliContext context, IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            context.Error.WriteLine($"Configuration error: {failure}");
        }
    }
}
