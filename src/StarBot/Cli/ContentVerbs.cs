using System.CommandLine;
using StarBot.Core.Content;
using StarBot.Core.Replies;
using StarBot.Terminal;

namespace StarBot.Cli;

/// <summary>Verbs that read the content library: example, questions, topics, content check.</summary>
public static class ContentVerbs
{
    public static IEnumerable<Command> Create(CliContext context, Option<bool> json)
    {
        var topic = new Argument<string[]>("topic") { Description = "What the example should be about, in your own words", Arity = ArgumentArity.OneOrMore };
        var example = new Command("example", "Show the best-matching example answer, part by part, with tips") { topic, json };
        example.SetAction(parse => Example(context, string.Join(' ', parse.GetValue(topic)!), parse.GetValue(json)));
        yield return example;

        var topicOption = new Option<string>("--topic") { Description = "Only questions on this topic" };
        var questions = new Command("questions", "List the questions, optionally on one topic") { topicOption, json };
        questions.SetAction(parse => Questions(context, parse.GetValue(topicOption), parse.GetValue(json)));
        yield return questions;

        var topics = new Command("topics", "List the competencies with their question counts") { json };
        topics.SetAction(parse => Topics(context, parse.GetValue(json)));
        yield return topics;

        var path = new Argument<string?>("path") { Description = "Content folder to validate (default: the configured one)", Arity = ArgumentArity.ZeroOrOne };
        var check = new Command("check", "Validate a content folder and count its questions") { path, json };
        check.SetAction(parse => Check(context, parse.GetValue(path), parse.GetValue(json)));
        yield return new Command("content", "Work with the content library") { check };
    }

    private static int Example(CliContext context, string topic, bool json)
    {
        var library = context.Library;
        var matcher = new TopicMatcher(library);
        var question = matcher.Best(topic, q => q.Example is not null);
        if (question is null)
        {
            var suggestions = matcher.Suggest(topic);
            context.Error.WriteLine($"No example answer matches \"{topic}\". Try: {string.Join(", ", suggestions)}");
            return ExitCodes.BadInput;
        }

        if (json)
        {
            context.WriteJson(new
            {
                question = QuestionJson(question),
                example = question.Example,
                tips = library.TipsFor(question),
            });
        }
        else
        {
            context.Out.Write(PlainTextRenderer.Render(ContentReplies.Example(library, question)));
        }

        return ExitCodes.Ok;
    }

    private static int Questions(CliContext context, string? topic, bool json)
    {
        var library = context.Library;
        IReadOnlyList<Question> questions = library.Questions;
        if (!string.IsNullOrWhiteSpace(topic))
        {
            questions = library.FindCompetency(topic.Trim()) is { } competency
                ? [.. library.QuestionsIn(competency.Id)]
                : [.. new TopicMatcher(library).Match(topic).Select(m => m.Question)];
            if (questions.Count == 0)
            {
                context.Error.WriteLine($"No questions match \"{topic}\". Try: {string.Join(", ", new TopicMatcher(library).Suggest(topic))}");
                return ExitCodes.BadInput;
            }
        }

        if (json)
        {
            context.WriteJson(new { count = questions.Count, questions = questions.Select(QuestionJson) });
        }
        else
        {
            context.Out.Write(PlainTextRenderer.Render(ContentReplies.QuestionList(questions, topic)));
        }

        return ExitCodes.Ok;
    }

    private static int Topics(CliContext context, bool json)
    {
        var library = context.Library;
        if (json)
        {
            context.WriteJson(new
            {
                topics = library.Competencies.Select(c => new
                {
                    id = c.Id,
                    name = c.Name,
                    questions = library.QuestionsIn(c.Id).Count(),
                    examples = library.QuestionsIn(c.Id).Count(q => q.Example is not null),
                }),
            });
        }
        else
        {
            context.Out.Write(PlainTextRenderer.Render(ContentReplies.Topics(library)));
        }

        return ExitCodes.Ok;
    }

    private static int Check(CliContext context, string? path, bool json)
    {
        var folder = path is null ? AppConfiguration.ContentPath(context.Configuration) : Path.GetFullPath(path);
        var result = ContentLoader.Load(folder);
        var library = result.Library;
        var counts = library.Competencies.ToDictionary(c => c.Id, c => library.QuestionsIn(c.Id).Count());
        if (json)
        {
            context.WriteJson(new
            {
                valid = result.IsValid,
                path = folder,
                errors = result.Errors.Select(e => new { file = e.File, line = e.Line, message = e.Message }),
                questions = library.Questions.Count,
                examples = library.Questions.Count(q => q.Example is not null),
                competencies = counts,
            });
        }
        else
        {
            foreach (var error in result.Errors)
            {
                context.Error.WriteLine(error.ToString());
            }

            context.Out.WriteLine($"{folder}: {library.Questions.Count} questions ({library.Questions.Count(q => q.Example is not null)} with an example answer) in {library.Competencies.Count} competencies");
            foreach (var (id, count) in counts)
            {
                context.Out.WriteLine($"  {id,-22} {count,3}");
            }

            if (!result.IsValid)
            {
                context.Error.WriteLine($"{result.Errors.Count} error(s)");
            }
        }

        return result.IsValid ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static object QuestionJson(Question q) => new
    {
        id = q.Id,
        competency = q.CompetencyId,
        text = q.Text,
        role = q.Role,
        tags = q.Tags,
        hasExample = q.Example is not null,
    };
}
