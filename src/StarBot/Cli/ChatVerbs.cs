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
        var poster = new DailyQuestionPoster(coach, schedules, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<DailyQuestionPoster>.Instance, threaded: false);
        await new TerminalChat(coach, context.In, context.Out, user, poster, outbox, width: TerminalWidth(context.Out)).RunAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>The console's width when the chat writes to a terminal; 80, a width every terminal has, when it writes to a pipe or a file.</summary>
    private static int TerminalWidth(TextWriter output)
    {
        const int Default = 80;
        try
        {
            return ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Console.WindowWidth > 20 ? Console.WindowWidth - 1 : Default;
        }
        catch (IOException)
        {
            return Default;
        }
    }
}
