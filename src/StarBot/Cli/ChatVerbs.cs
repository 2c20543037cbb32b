using System.CommandLine;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Scheduling;
using StarBot.Terminal;

namespace StarBot.Cli;

/// <summary>The terminal chat: the coaching conversation in a terminal, with no credentials and nothing stored.</summary>
public static class ChatVerbs
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var user = new Option<string>("--user") { Description = "Your name in the chat", DefaultValueFactory = _ => "you" };
        var chat = new Command("chat", "Chat with the coach in this terminal: examples, feedback and practice rounds") { user };
        chat.SetAction((parse, cancellationToken) => RunChatAsync(context, parse.GetValue(user)!, cancellationToken));
        yield return chat;
    }

    public static async Task<int> RunChatAsync(CliContext context, string user, CancellationToken cancellationToken)
    {
        var outbox = new InMemoryOutbox();
        var rounds = new InMemoryRoundStore(outbox);
        var schedules = new InMemoryScheduleStore(rounds, outbox);
        var coach = new Coach(context.Library, context.Analyzer, rounds, schedules, new InMemoryChannelSettingsStore(), TimeProvider.System);
        var poster = new DailyQuestionPoster(coach, schedules, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<DailyQuestionPoster>.Instance);
        await new TerminalChat(coach, context.In, context.Out, user, poster, outbox).RunAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
