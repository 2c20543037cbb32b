using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Core.Conversation;

public enum RoundStatus
{
    Open,
    Closed,
}

/// <summary>A practice round: one question, the thread it lives in, and who answered what.</summary>
/// <param name="ThreadId">The thread of the round's question post; null where the conversation has no threads.</param>
/// <param name="StarterUserId">Who started it; null for rounds nobody started (the daily question), which anyone may close.</param>
/// <param name="ClosedBy">The message that closed it (a <c>done</c>); null while open, or when a timeout closed it.</param>
/// <param name="RemindAt">When its thread gets a reminder (a daily round in a channel that wants them); null for none, or once it was sent.</param>
public sealed record Round(
    string Id,
    string Platform,
    string ConversationId,
    string? ThreadId,
    string QuestionId,
    string? StarterUserId,
    string? StarterName,
    DateTimeOffset OpenedAt,
    RoundStatus Status = RoundStatus.Open,
    DateTimeOffset? ClosedAt = null,
    string? ClosedBy = null,
    DateTimeOffset? RemindAt = null)
{
    public bool MayBeClosedBy(string userId) => StarterUserId is null || StarterUserId == userId;
}

/// <summary>One person's answer in a round, with the verdict per part (kept for the summary and practice history).</summary>
/// <param name="MessageId">The answer's message: the same message handled twice (after a crash) is recorded once.</param>
public sealed record RoundAnswer(
    string RoundId,
    string MessageId,
    string UserId,
    string UserName,
    string Text,
    IReadOnlyDictionary<StarPart, PartStatus> Parts,
    DateTimeOffset At)
{
    /// <summary>
    /// What several answers of one person cover together: a follow-up ("we also added…") completes the answer
    /// before it, so each part takes its strongest verdict among them.
    /// </summary>
    public static IReadOnlyDictionary<StarPart, PartStatus> Together(IEnumerable<RoundAnswer> answers)
    {
        var parts = Enum.GetValues<StarPart>().ToDictionary(p => p, _ => PartStatus.Missing);
        foreach (var answer in answers)
        {
            foreach (var (part, status) in answer.Parts)
            {
                if (status < parts[part])
                {
                    parts[part] = status;
                }
            }
        }

        return parts;
    }
}

/// <summary>
/// Where practice rounds live. The terminal uses the in-memory store; the service keeps rounds in its database so
/// that they survive restarts.
/// </summary>
public interface IRoundStore
{
    /// <summary>Stores a new round; a round with the same id already there is left as it is.</summary>
    Task CreateAsync(Round round, CancellationToken cancellationToken);

    Task<Round?> GetAsync(string roundId, CancellationToken cancellationToken);

    /// <summary>
    /// The round whose question is the root of this thread; with no thread, the conversation's latest round, for
    /// conversations without threads (a direct message), where a question the bot posted still got an id.
    /// </summary>
    Task<Round?> FindAsync(string platform, string conversationId, string? threadId, CancellationToken cancellationToken);

    /// <summary>Records the thread that the round's question post opened.</summary>
    Task AttachThreadAsync(string roundId, string threadId, CancellationToken cancellationToken);

    /// <summary>Records an answer; the same message recorded before is ignored.</summary>
    Task AddAnswerAsync(RoundAnswer answer, CancellationToken cancellationToken);

    Task<IReadOnlyList<RoundAnswer>> AnswersAsync(string roundId, CancellationToken cancellationToken);

    /// <summary>
    /// Closes an open round, recording the message that closed it (<paramref name="closedBy"/>); false when it was
    /// closed already (by someone else, or a timeout), so only one summary is posted.
    /// </summary>
    Task<bool> CloseAsync(string roundId, DateTimeOffset closedAt, string? closedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Closes an open round and enqueues <paramref name="summary"/> in the outbox in the same transaction, so that a
    /// crash cannot leave a round closed whose summary is never posted; false when it was closed already (nothing is enqueued).
    /// </summary>
    Task<bool> CloseWithSummaryAsync(string roundId, DateTimeOffset closedAt, Messaging.OutboundMessage summary, CancellationToken cancellationToken);

    /// <summary>Open rounds opened before <paramref name="openedBefore"/>: the ones a timeout closes.</summary>
    Task<IReadOnlyList<Round>> OpenBeforeAsync(DateTimeOffset openedBefore, int max, CancellationToken cancellationToken);

    /// <summary>A person's answers on a platform, newest first, with the question each answered: their practice history.</summary>
    Task<IReadOnlyList<(RoundAnswer Answer, string QuestionId)>> HistoryAsync(string platform, string userId, int max, CancellationToken cancellationToken);

    /// <summary>Open rounds whose reminder is due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Round>> DueRemindersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a round's reminder off and, when <paramref name="reminder"/> is given, enqueues it in the same transaction;
    /// false when it was taken off already (another instance, or before a restart) or the round is closed: nothing is enqueued.
    /// </summary>
    Task<bool> RemindAsync(string roundId, Messaging.OutboundMessage? reminder, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Questions already asked in a conversation, oldest first, so that questions do not repeat too soon.</summary>
    Task<IReadOnlyList<string>> AskedQuestionsAsync(string platform, string conversationId, CancellationToken cancellationToken);
}
