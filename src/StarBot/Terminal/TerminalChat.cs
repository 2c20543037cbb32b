using System.Text.RegularExpressions;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Terminal;

/// <summary>
/// The terminal adapter: each line typed is a message to the coach, in one conversation without threads.
/// <c>as NAME: text</c> speaks as someone else, so a whole team round can be tried at one keyboard.
/// A line of three double quotes starts and ends an answer that spans several lines. The terminal is one channel:
/// a question of the day scheduled there appears while the chat runs.
/// </summary>
/// <param name="width">Replies are wrapped at word boundaries to this many columns.</param>
/// <param name="zone">Whoever types is taken to be in this zone (a schedule without one takes it); the machine's when not given.</param>
public sealed partial class TerminalChat(Coach coach, TextReader input, TextWriter output, string defaultUser = "you", DailyQuestionPoster? poster = null, IOutbox? outbox = null,
    TimeProvider? time = null, int width = 80, TimeZoneInfo? zone = null)
{
    public const string Platform = "terminal";
    public const string ConversationId = "terminal";
    private const string MultiLineFence = "\"\"\"";

    private readonly string? _zone = IanaId(zone ?? TimeZoneInfo.Local);

    private readonly Lock _output = new();
    private int _messages;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var daily = poster is not null && outbox is not null ? Task.Run(() => PostDueQuestionsAsync(stop.Token), CancellationToken.None) : Task.CompletedTask;
        try
        {
            await ChatAsync(cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await daily;
        }
    }

    private async Task ChatAsync(CancellationToken cancellationToken)
    {
        output.Write(PlainTextRenderer.Render(width, RoundReplies.Help(
            "Hi! I'm StarBot. I help you practise behavioural interview answers with the STAR method: Situation, Task, Action, Result. " +
            "Type a command below; 'as NAME: text' speaks as someone else; a line of \"\"\" starts and ends a multi-line answer; 'quit' leaves.")));
        while (!cancellationToken.IsCancellationRequested)
        {
            output.Write("> ");
            output.Flush();
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "quit" or "exit")
            {
                break;
            }

            if (line.TrimEnd().EndsWith(MultiLineFence, StringComparison.Ordinal))
            {
                // "feedback """" (or "as sam: """") opens a block too: what came before the fence starts the message.
                var start = line.TrimEnd()[..^MultiLineFence.Length].Trim();
                var block = await ReadBlockAsync(cancellationToken);
                line = start.Length == 0 ? block : start + " " + block;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            Print(await SayAsync(line, cancellationToken));
        }

        output.WriteLine();
        output.WriteLine("Bye - good luck with your interviews!");
    }

    /// <summary>The scheduler of the terminal channel: posts due questions and prints them, once a second.</summary>
    private async Task PostDueQuestionsAsync(CancellationToken cancellationToken)
    {
        var clock = time ?? TimeProvider.System;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await poster!.RunDueAsync(cancellationToken);
                foreach (var item in await outbox!.LeaseAsync(10, clock.GetUtcNow(), TimeSpan.FromMinutes(1), cancellationToken))
                {
                    Print([item.Message.Reply]);
                    output.Write("> ");
                    output.Flush();
                    await outbox.MarkSentAsync(item.Id, null, clock.GetUtcNow(), cancellationToken);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Print(IEnumerable<Reply> replies)
    {
        lock (_output)
        {
            foreach (var reply in replies)
            {
                output.WriteLine();
                output.Write(PlainTextRenderer.Render(width, reply));
            }

            output.Flush();
        }
    }

    /// <summary>Sends one line to the coach as the default user, or as NAME for "as NAME: text".</summary>
    public Task<IReadOnlyList<Reply>> SayAsync(string line, CancellationToken cancellationToken)
    {
        var user = defaultUser;
        var text = line.Trim();
        var speaker = Speaker().Match(text);
        if (speaker.Success)
        {
            user = speaker.Groups["name"].Value;
            text = speaker.Groups["text"].Value.Trim();
        }

        return coach.HandleAsync(new Inbound
        {
            Platform = Platform,
            ConversationId = ConversationId,
            MessageId = (++_messages).ToString(System.Globalization.CultureInfo.InvariantCulture),
            UserId = user.ToLowerInvariant(),
            UserName = user,
            Text = text,
            IsDirect = true,
            UserTimeZone = _zone,
        }, cancellationToken);
    }

    /// <summary>The zone's IANA name (schedules store only those); Windows names are converted, and null when there is none.</summary>
    private static string? IanaId(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null;

    private async Task<string> ReadBlockAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await input.ReadLineAsync(cancellationToken) is { } next && next.Trim() != MultiLineFence)
        {
            lines.Add(next);
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^as\s+(?<name>[\p{L}\p{N}._-]{1,40})\s*:\s*(?<text>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Speaker();
}
