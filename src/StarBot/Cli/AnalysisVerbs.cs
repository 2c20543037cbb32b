using System.CommandLine;
using System.Text.Json;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;
using StarBot.Terminal;

namespace StarBot.Cli;

/// <summary>Verbs that analyse answers: analyze (one, or a batch as JSON lines) and feedback.</summary>
public static class AnalysisVerbs
{
    public static IEnumerable<Command> Create(CliContext context, Option<bool> json)
    {
        var file = new Argument<string?>("file") { Description = "The answer to read: a file, or - for standard input (the default)", Arity = ArgumentArity.ZeroOrOne };
        var jsonl = new Option<bool>("--jsonl") { Description = "Batch: each input line is {\"id\":…,\"text\":…}; each output line the analysis plus \"id\"" };
        var analyze = new Command("analyze", "Analyse one answer: which STAR parts it has, the evidence, signals and feedback") { file, json, jsonl };
        analyze.SetAction(parse => parse.GetValue(jsonl)
            ? Batch(context, parse.GetValue(file) ?? "-")
            : Analyze(context, parse.GetValue(file) ?? "-", parse.GetValue(json)));
        yield return analyze;

        var text = new Argument<string[]>("answer") { Description = "The answer text", Arity = ArgumentArity.OneOrMore };
        var feedback = new Command("feedback", "Print coaching feedback on an answer") { text };
        feedback.SetAction(parse =>
        {
            var answer = string.Join(' ', parse.GetValue(text)!);
            context.Out.Write(PlainTextRenderer.Render(AnalysisReplies.Feedback(context.Analyzer.Analyze(answer))));
            return ExitCodes.Ok;
        });
        yield return feedback;
    }

    /// <summary>The JSON contract other tools rely on (see README, "analyze --json").</summary>
    public static Dictionary<string, object?> ToJson(StarAnalysis analysis, string? id = null)
    {
        var json = new Dictionary<string, object?>();
        if (id is not null)
        {
            json["id"] = id;
        }

        json["parts"] = Enum.GetValues<StarPart>().ToDictionary(p => p.ToString().ToLowerInvariant(), p => new
        {
            status = analysis[p].Status.ToString().ToLowerInvariant(),
            confidence = analysis[p].Confidence,
            evidence = analysis[p].Evidence,
        });
        json["missing"] = analysis.Missing.Select(p => p.ToString().ToLowerInvariant());
        json["signals"] = new
        {
            quantified = analysis.Signals.Quantified,
            ownership = analysis.Signals.Ownership,
            reflection = analysis.Signals.Reflection,
            credit = analysis.Signals.Credit,
            words = analysis.Signals.Words,
        };
        json["feedback"] = analysis.Feedback;
        return json;
    }

    private static int Analyze(CliContext context, string file, bool json)
    {
        if (!TryRead(context, file, out var text))
        {
            return ExitCodes.BadInput;
        }

        if (text.Trim().Length == 0)
        {
            context.Error.WriteLine("No answer text: give a file with the answer, or pipe it in.");
            return ExitCodes.BadInput;
        }

        var analysis = context.Analyzer.Analyze(text);
        if (json)
        {
            context.WriteJson(ToJson(analysis));
        }
        else
        {
            context.Out.Write(PlainTextRenderer.Render(AnalysisReplies.Feedback(analysis)));
        }

        return ExitCodes.Ok;
    }

    private static int Batch(CliContext context, string file)
    {
        TextReader reader;
        if (file == "-")
        {
            reader = context.In;
        }
        else if (File.Exists(file))
        {
            reader = new StreamReader(file);
        }
        else
        {
            context.Error.WriteLine($"File not found: {file}");
            return ExitCodes.BadInput;
        }

        var failures = 0;
        var lineNumber = 0;
        using (reader == context.In ? null : reader)
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var (id, text, error) = ParseLine(line, lineNumber);
                if (error is not null)
                {
                    failures++;
                    context.WriteJson(new { id, error });
                    context.Error.WriteLine($"line {lineNumber}: {error}");
                    continue;
                }

                context.WriteJson(ToJson(context.Analyzer.Analyze(text!), id));
            }
        }

        return failures == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static (string Id, string? Text, string? Error) ParseLine(string line, int lineNumber)
    {
        var fallbackId = $"line {lineNumber}";
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (fallbackId, null, "each line must be a JSON object {\"id\":…,\"text\":…}");
            }

            var id = doc.RootElement.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? idElement.ToString()
                : fallbackId;
            if (!doc.RootElement.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
            {
                return (id, null, "missing \"text\" (a string)");
            }

            var text = textElement.GetString()!;
            return text.Trim().Length == 0 ? (id, null, "\"text\" is empty") : (id, text, null);
        }
        catch (JsonException e)
        {
            return (fallbackId, null, $"not valid JSON: {e.Message}");
        }
    }

    private static bool TryRead(CliContext context, string file, out string text)
    {
        if (file == "-")
        {
            text = context.In.ReadToEnd();
            return true;
        }

        if (!File.Exists(file))
        {
            context.Error.WriteLine($"File not found: {file}");
            text = "";
            return false;
        }

        text = File.ReadAllText(file);
        return true;
    }
}
