using Cronos;

namespace StarBot.Core.Scheduling;

/// <summary>
/// When a schedule's posts fall, via Cronos, which handles time zones and DST: a local time skipped by a
/// spring-forward transition is posted at the first valid instant after it, and a local time repeated by a
/// fall-back transition is posted once.
/// </summary>
public static class ScheduleCalendar
{
    public static DateTimeOffset NextAfter(DailySchedule schedule, DateTimeOffset after)
    {
        var zone = Zone(schedule.TimeZoneId);
        var cron = CronExpression.Parse($"{schedule.LocalTime.Minute} {schedule.LocalTime.Hour} * * {(schedule.Days == ScheduleDays.Weekdays ? "1-5" : "*")}");
        return cron.GetNextOccurrence(after, zone) ?? throw new InvalidOperationException("a daily schedule always has a next occurrence");
    }

    /// <summary>The next post after <paramref name="after"/> that does not fall on one of <paramref name="daysOff"/> (local dates).</summary>
    public static DateTimeOffset NextAfter(DailySchedule schedule, DateTimeOffset after, IReadOnlyCollection<DateOnly> daysOff)
    {
        var off = daysOff as IReadOnlySet<DateOnly> ?? daysOff.ToHashSet();
        var next = NextAfter(schedule, after);
        // Each occurrence passed over is on a different day off, so this ends within their number.
        while (off.Contains(LocalDate(schedule, next)))
        {
            next = NextAfter(schedule, next);
        }

        return next;
    }

    /// <summary>The local date a post belongs to: the key that makes it one post per channel per day.</summary>
    public static DateOnly LocalDate(DailySchedule schedule, DateTimeOffset dueAt) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(dueAt, Zone(schedule.TimeZoneId)).DateTime);

    public static TimeZoneInfo Zone(string id) => ScheduleParser.TryFindZone(id, out var zone) ? zone : throw new InvalidOperationException($"unknown time zone '{id}'");
}
