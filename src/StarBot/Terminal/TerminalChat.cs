using System.Text.RegularExpressions;
using StarBot.Core.Conversation;
using StarBot.Core.Replies;

namespace StarBot.Terminal;

/// <summary>
/// The terminal adapter: each line typed is a message to the coach, in one conversation without threads.
/// <c>as NAME: text</c> speaks as someone else, so a whole team round can be tried at one keyboard.
/// A line of three double quotes starts and ends an answer that spans several lines.
/// </summary>
public sealed partial class TerminalChat(Coach coach, TextReader input, TextWriter output, string defaultUser = "you")
{
    public const string ConversationId = "terminal";
    private const string MultiLineFence = "\"\"\"";

    private int _messages;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        output.Write(PlainTextRenderer.Render(RoundReplies.Help(
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

            if (line.Trim() == MultiLineFence)
            {
                line = await ReadBlockAsync(cancellationToken);
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            foreach (var reply in await SayAsync(line, cancellationToken))
            {
                output.WriteLine();
                output.Write(PlainTextRenderer.Render(reply));
            }
        }

        output.WriteLine();
        output.WriteLine("Bye - good luck with your interviews!");
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
            Platform = "terminal",
            ConversationId = ConversationId,
            MessageId = (++_messages).ToString(System.Globalization.CultureInfo.InvariantCulture),
            UserId = user.ToLowerInvariant(),
            UserName = user,
            Text = text,
            IsDirect = true,
        }, cancellationToken);
    }

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
