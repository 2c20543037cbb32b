using StarBot.Core.Messaging;

namespace StarBot.Core.Conversation;

/// <summary>Rounds kept in memory: for the terminal chat and tests, where nothing needs to outlive the process.</summary>
/// <param name="outbox">Where a timed-out round's summary goes (<see cref="CloseWithSummaryAsync"/>).</param>
public sealed class InMemoryRoundStore(IOutbox? outbox = null) : IRoundStore
{
    private readonly Lock _lock = new();
    private readonly List<Round> _rounds = [];
    private readonly List<RoundAnswer> _answers = [];

    public Task CreateAsync(Round round, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rounds.All(r => r.Id != round.Id))
            {
                _rounds.Add(round);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Round?> GetAsync(string roundId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rounds.FirstOrDefault(r => r.Id == roundId));
        }
    }

    public Task<Round?> FindAsync(string platform, string conversationId, string? threadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rounds.LastOrDefault(r => r.Platform == platform && r.ConversationId == conversationId && (threadId is null || r.ThreadId == threadId)));
        }
    }

    public Task AttachThreadAsync(string roundId, string threadId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var i = _rounds.FindIndex(r => r.Id == roundId);
            if (i >= 0)
            {
                _rounds[i] = _rounds[i] with { ThreadId = threadId };
            }
        }

        return Task.CompletedTask;
    }

    public Task AddAnswerAsync(RoundAnswer answer, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_answers.Any(a => a.RoundId == answer.RoundId && a.MessageId == answer.MessageId))
            {
                _answers.Add(answer);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RoundAnswer>> AnswersAsync(string roundId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RoundAnswer>>([.. _answers.Where(a => a.RoundId == roundId)]);
        }
    }

    public Task<bool> CloseAsync(string roundId, DateTimeOffset closedAt, string? closedBy, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var i = _rounds.FindIndex(r => r.Id == roundId);
            if (i < 0 || _rounds[i].Status == RoundStatus.Closed)
            {
                return Task.FromResult(false);
            }

            _rounds[i] = _rounds[i] with { Status = RoundStatus.Closed, ClosedAt = closedAt, ClosedBy = closedBy };
            return Task.FromResult(true);
        }
    }

    public async Task<bool> CloseWithSummaryAsync(string roundId, DateTimeOffset closedAt, OutboundMessage summary, CancellationToken cancellationToken)
    {
        if (outbox is null)
        {
            throw new InvalidOperationException("this round store was made without an outbox");
        }

        // Nothing here outlives the process, so closing and enqueueing one after the other is as good as together.
        if (!await CloseAsync(roundId, closedAt, null, cancellationToken))
        {
            return false;
        }

        await outbox.EnqueueAsync([summary], closedAt, cancellationToken);
        return true;
    }

    public Task<IReadOnlyList<Round>> OpenBeforeAsync(DateTimeOffset openedBefore, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Round>>([.. _rounds.Where(r => r.Status == RoundStatus.Open && r.OpenedAt < openedBefore).OrderBy(r => r.OpenedAt).Take(max)]);
        }
    }

    public Task<IReadOnlyList<(RoundAnswer Answer, string QuestionId)>> HistoryAsync(string platform, string userId, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<(RoundAnswer, string)>>([.. _answers
                .Where(a => a.UserId == userId)
                .Select(a => (Answer: a, Round: _rounds.Single(r => r.Id == a.RoundId)))
                .Where(x => x.Round.Platform == platform)
                .OrderByDescending(x => x.Answer.At)
                .Take(max)
                .Select(x => (x.Answer, x.Round.QuestionId))]);
        }
    }

    public Task<IReadOnlyList<Round>> DueRemindersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Round>>([.. _rounds.Where(r => r.Status == RoundStatus.Open && r.RemindAt <= now).OrderBy(r => r.RemindAt).Take(max)]);
        }
    }

    public async Task<bool> RemindAsync(string roundId, OutboundMessage? reminder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var i = _rounds.FindIndex(r => r.Id == roundId);
            if (i < 0 || _rounds[i].RemindAt is null || _rounds[i].Status != RoundStatus.Open)
            {
                return false;
            }

            _rounds[i] = _rounds[i] with { RemindAt = null };
        }

        if (reminder is not null)
        {
            await (outbox ?? throw new InvalidOperationException("this round store was made without an outbox")).EnqueueAsync([reminder], now, cancellationToken);
        }

        return true;
    }

    /// <summary>Deletes a person's answers and takes them off the rounds they started: <c>forget me</c>.</summary>
    internal (int Answers, int RoundsStarted) Forget(string platform, string userId)
    {
        lock (_lock)
        {
            var onPlatform = _rounds.Where(r => r.Platform == platform).Select(r => r.Id).ToHashSet();
            var answers = _answers.RemoveAll(a => a.UserId == userId && onPlatform.Contains(a.RoundId));
            var started = 0;
            for (var i = 0; i < _rounds.Count; i++)
            {
                if (_rounds[i].Platform == platform && _rounds[i].StarterUserId == userId)
                {
                    _rounds[i] = _rounds[i] with { StarterUserId = null, StarterName = null };
                    started++;
                }
            }

            return (answers, started);
        }
    }

    public Task<IReadOnlyList<string>> AskedQuestionsAsync(string platform, string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _rounds.Where(r => r.Platform == platform && r.ConversationId == conversationId).Select(r => r.QuestionId)]);
        }
    }
}
