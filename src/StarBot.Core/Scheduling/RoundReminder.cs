using Microsoft.Extensions.Logging;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Core.Scheduling;

/// <summary>
/// Sends each daily round's reminder when it is due (<see cref="Round.RemindAt"/>): one reply in its thread saying how
/// many have answered, naming nobody. Taking the reminder off the round and enqueueing it are one transaction, so
/// two instances, or a restart, never send it twice.
/// </summary>
/// <param name="roundTimeout">When rounds close (<c>Scheduler:RoundTimeout</c>): a reminder after that would invite answers nobody can give.</param>
public sealed partial class RoundReminder(IRoundStore rounds, TimeProvider time, ILogger<RoundReminder> logger, TimeSpan roundTimeout)
{
    public const int Batch = 100;

    /// <summary>Sends every reminder due now; returns how many were enqueued.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var now = time.GetUtcNow();
        foreach (var round in await rounds.DueRemindersAsync(now, Batch, cancellationToken))
        {
            var closesAt = round.OpenedAt + roundTimeout;
            if (now >= closesAt || round.ThreadId is null)
            {
                // Too late (the scheduler was down), or the question never opened a thread: nobody can still answer, so
                // the reminder is dropped rather than left to come up on every pass.
                await rounds.RemindAsync(round.Id, null, now, cancellationToken);
                LogDropped(logger, round.Id, round.Platform, round.ConversationId);
                continue;
            }

            var answered = (await rounds.AnswersAsync(round.Id, cancellationToken)).Select(a => a.UserId).Distinct().Count();
            var message = new OutboundMessage($"remind:{round.Id}", round.Platform, "", round.ConversationId, round.ThreadId, null, RoundReplies.Reminder(answered, closesAt - now));
            if (await rounds.RemindAsync(round.Id, message, now, cancellationToken))
            {
                LogReminded(logger, round.Id, round.Platform, round.ConversationId, answered);
                sent++;
            }
        }

        return sent;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Reminder in round {RoundId} in {Platform}/{ConversationId}: {Answered} have answered")]
    private static partial void LogReminded(ILogger logger, string roundId, string platform, string conversationId, int answered);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Reminder in round {RoundId} in {Platform}/{ConversationId} dropped: nobody can still answer")]
    private static partial void LogDropped(ILogger logger, string roundId, string platform, string conversationId);
}
