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
        var serve = new Command("serve", "Run the hosted service: the platform endpoints, health checks, scheduler and delivery") { urls };
        serve.SetAction((parse, cancellationToken) => RunAsync(context, parse.GetValue(urls), cancellationToken));
        return serve;
    }

    public static async Task<int> RunAsync(CliContext context, string? urls, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = StarBotHost.Build(urls is null ? [] : ["--urls", urls], context.Overrides);
            return await StarBotHost.RunAsync(app, cancellationToken) ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (OptionsValidationException e)
        {
            context.Error.WriteLine($"Configuration error: {string.Join("; ", e.Failures)}");
            return ExitCodes.BadInput;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            context.Error.WriteLine($"Configuration error: {string.Join("; ", e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(i => i.Failures))}");
            return ExitCodes.BadInput;
        }
        catch (ContentException e)
        {
            context.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }
}
