namespace StarBot.Core.Scheduling;

public enum ScheduleDays
{
    Weekdays,
    EveryDay,
}

/// <summary>A channel's question of the day: when (local time, IANA zone, which days) and on what topic.</summary>
public sealed record DailySchedule(
    string Platform,
    string TeamId,
    string ConversationId,
    TimeOnly LocalTime,
    string TimeZoneId,
    ScheduleDays Days,
    string? Topic,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public string Describe() =>
        $"{LocalTime:HH\\:mm} {TimeZoneId}, {(Days == ScheduleDays.Weekdays ? "weekdays (Monday to Friday)" : "every day")}{(Topic is null ? "" : $", topic: {Topic}")}";
}

/// <summary>A schedule whose next post is due, with that post's local date (one post per channel per local date).</summary>
public sealed record DuePost(DailySchedule Schedule, DateTimeOffset DueAt, DateOnly LocalDate);

/// <summary>Channel schedules, and the record of which daily posts were claimed, so each is posted once across restarts and instances.</summary>
public interface IScheduleStore
{
    /// <summary>Creates or replaces the channel's schedule, with the time its first post is due.</summary>
    Task SaveAsync(DailySchedule schedule, DateTimeOffset nextDueAt, CancellationToken cancellationToken);

    Task<DailySchedule?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken);

    /// <summary>Removes the channel's schedule; false when there was none.</summary>
    Task<bool> DeleteAsync(string platform, string conversationId, CancellationToken cancellationToken);

    /// <summary>Stops every schedule of a workspace or tenant (the app was uninstalled).</summary>
    Task<int> DeleteTeamAsync(string platform, string teamId, CancellationToken cancellationToken);

    /// <summary>Schedules whose next post is due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<(DailySchedule Schedule, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Moves a schedule on to its next post (after a post was claimed, skipped, or found claimed by another instance).</summary>
    Task AdvanceAsync(string platform, string conversationId, DateTimeOffset dueAt, DateTimeOffset nextDueAt, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the post of one local date and, only if this call won the claim, stores its round and enqueues its
    /// question, all in one transaction. False when the post was claimed before (another instance, or before a restart).
    /// </summary>
    Task<bool> ClaimPostAsync(DuePost post, Conversation.Round round, Messaging.OutboundMessage question, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a post missed for longer than the grace period, so that it is logged once and never sent late.</summary>
    Task<bool> SkipPostAsync(DuePost post, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Marks local dates of a channel as days off, with no question of the day; kept apart from the schedule, so they
    /// may be set before it and survive setting it again. Returns how many of the dates were not days off already.
    /// </summary>
    Task<int> AddDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken);

    /// <summary>Makes local dates ordinary days again; returns how many were days off.</summary>
    Task<int> RemoveDaysOffAsync(string platform, string conversationId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken);

    /// <summary>A channel's days off on or after <paramref name="from"/>, earliest first.</summary>
    Task<IReadOnlyList<DateOnly>> DaysOffAsync(string platform, string conversationId, DateOnly from, CancellationToken cancellationToken);
}
