using StarBot.Core.Conversation;
using StarBot.Core.Messaging;

namespace StarBot.Core.Scheduling;

/// <summary>Schedules in memory, for the terminal chat and tests: claims create the round and enqueue the question like the database does.</summary>
public sealed class InMemoryScheduleStore(IRoundStore rounds, IOutbox outbox) : IScheduleStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), (DailySchedule Schedule, DateTimeOffset NextDue)> _schedules = [];
    private readonly HashSet<(string, string, DateOnly)> _posts = [];
    private readonly HashSet<(string, string, DateOnly)> _daysOff = [];

    public Task SaveAsync(DailySchedule schedule, DateTimeOffset nextDueAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _schedules[(schedule.Platform, schedule.ConversationId)] = (schedule, nextDueAt);
        }

        return Task.CompletedTask;
    }

    public Task<DailySchedule?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_schedules.TryGetValue((platform, conversationId), out var s) ? s.Schedule : null);
        }
    }

    public Task<bool> DeleteAsync(string platform, string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_schedules.Remove((platform, conversationId)));
        }
    }

    public Task<int> DeleteTeamAsync(string platform, string teamId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var keys = _schedules.Where(s => s.Key.Item1 == platform && s.Value.Schedule.TeamId == teamId).Select(s => s.Key).ToList();
            keys.ForEach(k => _schedules.Remove(k));
            return Task.FromResult(keys.Count);
        }
    }

    public Task<IReadOnlyList<(DailySchedule Schedule, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<(DailySchedule, DateTimeOffset)>>(
                [.. _schedules.Values.Where(s => s.NextDue <= now).OrderBy(s => s.NextDue).Take(max).Select(s => (s.Schedule, s.NextDue))]);
        }
    }

    public Task AdvanceAsync(string platform, string conversationId, DateTimeOffset dueAt, DateTimeOffset nextDueAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_schedules.TryGetValue((platform, conversationId), out var s) && s.NextDue == dueAt)
            {
                _schedules[(platform, conversationId)] = (s.Schedule, nextDueAt);
            }
        }

        return Task.CompletedTask;
    }

    public async Task<bool> ClaimPostAsync(DuePost post, Round round, OutboundMessage question, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_posts.Add((post.Schedule.Platform, post.Schedule.ConversationId, post.LocalDate)))
            {
                return false;
            }
        }

        await rounds.CreateAsync(round, cancellationToken);
        await outbox.EnqueueAsync([question], now, cancellationToken);
        return true;
    }

    public Task<bool> SkipPostAsync(DuePost post, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_posts.Add((post.Schedule.Platform, post.Schedule.ConversationId, post.LocalDate)));
        }
    }

    /// <summary>Takes a person's id off the schedules they set: <c>forget me</c>.</summary>
    internal int ForgetCreator(string platform, string userId)
    {
        lock (_lock)
        {
            var theirs = _schedules.Where(s => s.Key.Item1 == platform && s.Value.Schedule.CreatedBy == userId).ToList();
            theirs.ForEach(s => _schedules[s.Key] = (s.Value.Schedule with { CreatedBy = "" }, s.Value.NextDue));
            return theirs.Count;
        }
    }

    public Task<int> AddDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(dates.Count(d => _daysOff.Add((platform, conversationId, d))));
        }
    }

    public Task<int> RemoveDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(dates.Count(d => _daysOff.Remove((platform, conversationId, d))));
        }
    }

    public Task<IReadOnlyList<DateOnly>> DaysOffAsync(string platform, string conversationId, DateOnly from, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DateOnly>>([.. _daysOff.Where(d => d.Item1 == platform && d.Item2 == conversationId && d.Item3 >= from).Select(d => d.Item3).Order()]);
        }
    }
}
