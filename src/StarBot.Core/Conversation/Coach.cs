using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Conversation.Handlers;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Core.Conversation;

/// <summary>
/// The coaching conversation: the one entry point every platform drives. It takes an <see cref="Inbound"/>, decides
/// whether it is a command or an answer in a practice round, and hands it to that command's handler
/// (<c>Conversation/Handlers/</c>), which makes the change and returns the <see cref="Reply"/> documents to send.
/// </summary>
/// <param name="personalData">What <c>forget me</c> deletes from; may be left out only with the in-memory stores, whose own it then uses.</param>
/// <param name="timeZones">Where platforms whose messages carry no time zone find a person's (for <c>schedule daily 09:00</c> without one).</param>
/// <param name="examples">Which example comes next per conversation and topic; in memory when left out (one process only).</param>
public sealed class Coach(ContentLibrary library, IStarAnalyzer analyzer, IRoundStore rounds, IScheduleStore schedules, IChannelSettingsStore settings, TimeProvider time,
    CoachOptions? options = null, IPersonalDataStore? personalData = null, IEnumerable<IUserTimeZoneLookup>? timeZones = null, IExampleRotation? examples = null)
{
    private readonly ConversationContext _context = new(library, analyzer, rounds, schedules, settings, time, options ?? new CoachOptions(),
        personalData ?? (rounds is InMemoryRoundStore memory
            ? new InMemoryPersonalDataStore(memory, schedules as InMemoryScheduleStore)
            // Failing here, at start-up, rather than when someone asks to be forgotten.
            : throw new ArgumentNullException(nameof(personalData), "a Coach over stored rounds needs the store's IPersonalDataStore")),
        timeZones?.ToDictionary(z => z.Platform, StringComparer.Ordinal) ?? [], examples ?? new InMemoryExampleRotation());

    public ContentLibrary Library => library;

    public async Task<IReadOnlyList<Reply>> HandleAsync(Inbound inbound, CancellationToken cancellationToken)
    {
        var command = CommandParser.Parse(inbound.Text);
        var round = await FindRoundAsync(inbound, cancellationToken);
        if (round is { Status: RoundStatus.Open } && IsAnswer(command, inbound))
        {
            return await AnswerHandler.HandleAsync(round, inbound, _context, cancellationToken);
        }

        if (round is { Status: RoundStatus.Closed } && IsAnswer(command, inbound) && (inbound.ThreadId is not null || CommandParser.IsLong(inbound.Text)))
        {
            return [RoundReplies.Notice("This practice round is closed, so I did not record your answer. Start a new one with **practice**, or get feedback on any answer with **feedback <your answer>**.")];
        }

        if (round is null && !inbound.IsDirect && !inbound.IsMention && !inbound.IsAction)
        {
            // Channel talk that is neither for the bot nor in one of its rounds.
            return [];
        }

        return CommandHandler.All.TryGetValue(command.GetType(), out var handler)
            ? await handler.HandleAsync(command, new Turn(inbound, round), _context, cancellationToken)
            : [RoundReplies.Help()];
    }

    /// <summary>A person's practice history (the App Home tab and the <c>history</c> command).</summary>
    public Task<Reply> HistoryAsync(string platform, string userId, CancellationToken cancellationToken) =>
        HistoryHandler.HistoryAsync(_context, platform, userId, cancellationToken);

    /// <summary>Records the thread that a round's question post opened (the adapter learns its id when it posts).</summary>
    public Task AttachThreadAsync(string roundId, string threadId, CancellationToken cancellationToken) =>
        rounds.AttachThreadAsync(roundId, threadId, cancellationToken);

    /// <summary>
    /// Prepares a round nobody started (the daily question), which anyone in it may close. Nothing is stored: the
    /// caller stores the round together with its claim on the day's post.
    /// </summary>
    /// <param name="threaded">False where the conversation has no threads (the terminal): the question says to answer right there.</param>
    public async Task<(Round Round, Reply Question)?> PrepareUnattendedRoundAsync(string platform, string conversationId, string? topic, CancellationToken cancellationToken, bool threaded = true)
    {
        var question = await _context.PickQuestionAsync(platform, conversationId, topic, cancellationToken);
        if (question is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        // The channel's choice when the question is posted holds for this round; changing it applies from the next.
        var remind = (await settings.GetAsync(platform, conversationId, cancellationToken)).RemindBefore is { } before ? now + _context.Options.RoundTimeout - before : (DateTimeOffset?)null;
        var round = new Round(ConversationContext.NewId(), platform, conversationId, null, question.Id, null, null, now, RemindAt: remind);
        return (round, RoundReplies.RoundQuestion(library, round, question, threaded));
    }

    /// <summary>
    /// Closes a round and returns its summary; null when it was closed already, so a summary is posted once.
    /// <paramref name="closedBy"/> is the message that closes it: handled again, it gets the same summary.
    /// </summary>
    public Task<Reply?> CloseRoundAsync(Round round, CancellationToken cancellationToken, string? closedBy = null) =>
        _context.CloseRoundAsync(round, cancellationToken, closedBy);

    /// <summary>
    /// Closes a round nobody closed in time and enqueues its summary in its thread, both in one transaction: false
    /// when it was closed already, and then nothing is enqueued.
    /// </summary>
    public async Task<bool> CloseTimedOutRoundAsync(Round round, CancellationToken cancellationToken)
    {
        var summary = await _context.SummaryAsync(round, cancellationToken);
        var message = new OutboundMessage($"summary:{round.Id}", round.Platform, "", round.ConversationId, round.ThreadId, null, summary);
        return await rounds.CloseWithSummaryAsync(round.Id, time.GetUtcNow(), message, cancellationToken);
    }

    private async Task<Round?> FindRoundAsync(Inbound inbound, CancellationToken cancellationToken)
    {
        if (inbound.ThreadId is { } thread)
        {
            return await rounds.FindAsync(inbound.Platform, inbound.ConversationId, thread, cancellationToken);
        }

        // Conversations without threads (direct messages, the terminal) hold one round at a time.
        return inbound.IsDirect ? await rounds.FindAsync(inbound.Platform, inbound.ConversationId, null, cancellationToken) : null;
    }

    /// <summary>Inside a round, text that is not a short command is an answer: "Feedback from users showed…" is not the feedback command.</summary>
    private static bool IsAnswer(ChatCommand command, Inbound inbound) =>
        !inbound.IsAction && command switch
        {
            NotACommand => true,
            DoneCommand or HelpCommand => false,
            InvalidCommand => false,
            _ => CommandParser.IsLong(inbound.Text),
        };
}
