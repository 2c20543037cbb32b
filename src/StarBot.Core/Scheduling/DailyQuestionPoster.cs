using Microsoft.Extensions.Logging;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;

namespace StarBot.Core.Scheduling;

/// <summary>
/// Turns due schedules into question posts: each due post is claimed in the store (one per channel per local
/// date, however many instances run), its round stored and its question enqueued in the outbox in the same
/// transaction. A post missed by more than the grace period (downtime) is skipped and logged, not sent late.
/// <paramref name="threaded"/> is false for a platform without threads (the terminal), whose questions say to answer right there.
/// </summary>
public sealed partial class DailyQuestionPoster(Coach coach, IScheduleStore schedules, TimeProvider time, ILogger<DailyQuestionPoster> logger, TimeSpan? grace = null, bool threaded = true)
{
    public const int Batch = 500;

    /// <summary>How long a schedule whose time zone this host does not know waits before it is looked at again.</summary>
    public static readonly TimeSpan UnknownZoneRetry = TimeSpan.FromDays(1);

    public TimeSpan Grace { get; } = grace ?? TimeSpan.FromHours(2);

    /// <summary>Posts everything due now; returns how many posts this call claimed.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var claimed = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await schedules.DueAsync(now, Batch, cancellationToken);
            if (due.Count == 0)
            {
                return claimed;
            }

            foreach (var (schedule, dueAt) in due)
            {
                claimed += await PostAsync(schedule, dueAt, now, cancellationToken) ? 1 : 0;
            }
        }
    }

    private async Task<bool> PostAsync(DailySchedule schedule, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!ScheduleParser.TryFindZone(schedule.TimeZoneId, out _))
        {
            // Saved where the zone was known (other time zone data); without it there is no next time to compute.
            // Looked at again a day later, so it neither stops the other channels' posts nor fills the log every tick.
            LogUnknownZone(logger, schedule.Platform, schedule.ConversationId, schedule.TimeZoneId);
            await schedules.AdvanceAsync(schedule.Platform, schedule.ConversationId, dueAt, now + UnknownZoneRetry, cancellationToken);
            return false;
        }

        var post = new DuePost(schedule, dueAt, ScheduleCalendar.LocalDate(schedule, dueAt));
        var daysOff = await schedules.DaysOffAsync(schedule.Platform, schedule.ConversationId, post.LocalDate, cancellationToken);
        var next = ScheduleCalendar.NextAfter(schedule, dueAt > now ? dueAt : now, daysOff);
        var claimed = false;
        if (daysOff.Contains(post.LocalDate))
        {
            // Set after this post's time was computed: the day is simply not due, so nothing is claimed or recorded for it.
            LogDayOff(logger, schedule.Platform, schedule.ConversationId, post.LocalDate);
        }
        else if (now - dueAt > Grace)
        {
            if (await schedules.SkipPostAsync(post, now, cancellationToken))
            {
                LogSkipped(logger, schedule.Platform, schedule.ConversationId, post.LocalDate, dueAt, now - dueAt);
            }
        }
        else if (await coach.PrepareUnattendedRoundAsync(schedule.Platform, schedule.ConversationId, schedule.Topic, cancellationToken, threaded) is var (round, question))
        {
            var message = new OutboundMessage($"daily:{schedule.Platform}:{schedule.ConversationId}:{post.LocalDate:yyyy-MM-dd}",
                schedule.Platform, schedule.TeamId, schedule.ConversationId, null, null, question, round.Id);
            claimed = await schedules.ClaimPostAsync(post, round, message, now, cancellationToken);
            if (claimed)
            {
                LogClaimed(logger, schedule.Platform, schedule.ConversationId, post.LocalDate, round.QuestionId);
            }
        }
        else
        {
            LogNoQuestion(logger, schedule.Platform, schedule.ConversationId, schedule.Topic);
        }

        await schedules.AdvanceAsync(schedule.Platform, schedule.ConversationId, dueAt, next, cancellationToken);
        return claimed;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Daily question for {Platform}/{ConversationId} on {LocalDate} claimed: {QuestionId}")]
    private static partial void LogClaimed(ILogger logger, string platform, string conversationId, DateOnly localDate, string questionId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Daily question for {Platform}/{ConversationId} on {LocalDate} skipped: due {DueAt:O}, {Late} ago, past the grace period")]
    private static partial void LogSkipped(ILogger logger, string platform, string conversationId, DateOnly localDate, DateTimeOffset dueAt, TimeSpan late);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Daily question for {Platform}/{ConversationId} skipped: this host does not know the time zone {TimeZone}; looked at again in a day")]
    private static partial void LogUnknownZone(ILogger logger, string platform, string conversationId, string timeZone);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Daily question for {Platform}/{ConversationId} on {LocalDate} not posted: a day off")]
    private static partial void LogDayOff(ILogger logger, string platform, string conversationId, DateOnly localDate);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Daily question for {Platform}/{ConversationId} has no question on topic {Topic}")]
    private static partial void LogNoQuestion(ILogger logger, string platform, string conversationId, string? topic);
}
