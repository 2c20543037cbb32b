using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class ScheduleHandler : CommandHandler<ScheduleCommand>
{
    protected override async Task<IReadOnlyList<Reply>> HandleAsync(ScheduleCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        [await ScheduleAsync(turn.Inbound, command.Arguments, context, cancellationToken)];

    private static async Task<Reply> ScheduleAsync(Inbound inbound, string arguments, ConversationContext context, CancellationToken cancellationToken)
    {
        var request = ScheduleParser.Parse(arguments);
        var admins = context.Options.ScheduleAdmins;
        if (request is not ScheduleRequest.Show and not ScheduleRequest.Next and not ScheduleRequest.DaysOff && admins.Count > 0 && !admins.Contains(inbound.UserId))
        {
            return RoundReplies.Notice("Only this workspace's StarBot admins can change the question-of-the-day schedule.");
        }

        var schedules = context.Schedules;
        var now = context.Time.GetUtcNow();
        switch (request)
        {
            case ScheduleRequest.Invalid invalid:
                return RoundReplies.Notice(invalid.Problem) with { Kind = ReplyKind.Error };
            case ScheduleRequest.Set set:
                if (set.Topic is { } topic && UnknownTopic(topic, context) is { } problem)
                {
                    return RoundReplies.Notice(problem) with { Kind = ReplyKind.Error };
                }

                var zoneId = set.Zone?.Id;
                var zoneNote = "";
                if (zoneId is null)
                {
                    // The zone of the person who set it: "09:00" means their morning.
                    if (await context.UserTimeZoneAsync(inbound, cancellationToken) is not { } theirs || !ScheduleParser.TryFindZone(theirs, out var found))
                    {
                        return RoundReplies.Notice($"Which time zone should {set.Time:HH\\:mm} be in? I could not find yours. Say it after the time, for example: schedule daily {set.Time:HH\\:mm} Europe/Berlin{Rest(set)}") with { Kind = ReplyKind.Error };
                    }

                    zoneId = found == TimeZoneInfo.Utc ? "UTC" : theirs;
                    zoneNote = $" I took your time zone, {zoneId}; for another, say it after the time (schedule daily {set.Time:HH\\:mm} America/New_York).";
                }

                var schedule = new DailySchedule(inbound.Platform, inbound.TeamId, inbound.ConversationId, set.Time, zoneId, set.Days, set.Topic, inbound.UserId, now);
                var next = ScheduleCalendar.NextAfter(schedule, now, await DaysOffAsync(inbound, schedule, now, context, cancellationToken));
                await schedules.SaveAsync(schedule, next, cancellationToken);
                return RoundReplies.Notice($"Done: a question of the day will appear here at {schedule.Describe()}. The first is due {Describe(schedule, next)}.{zoneNote}", ReplyVisibility.Public);
            case ScheduleRequest.Remind remind:
                return await RemindAsync(inbound, remind.Before, context, cancellationToken);
            case ScheduleRequest.Show:
                if (await schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken) is not { } shown)
                {
                    return RoundReplies.Notice($"There is no question of the day here yet. Set one with: {ScheduleParser.Example}");
                }

                var reminder = (await context.Settings.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken)).RemindBefore;
                return RoundReplies.Notice($"Question of the day here: {shown.Describe()}{(reminder is { } before ? $", with a reminder {Length(before)} before the round closes" : "")}.");
            case ScheduleRequest.Next:
                return await schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken) is { } current
                    ? RoundReplies.Notice($"The next question of the day is due {Describe(current, ScheduleCalendar.NextAfter(current, now, await DaysOffAsync(inbound, current, now, context, cancellationToken)))}.")
                    : RoundReplies.Notice($"There is no question of the day here yet. Set one with: {ScheduleParser.Example}");
            case ScheduleRequest.Skip skip:
                return await SkipAsync(inbound, skip.From, skip.To, context, cancellationToken);
            case ScheduleRequest.Unskip unskip:
                return await UnskipAsync(inbound, unskip.From, unskip.To, context, cancellationToken);
            case ScheduleRequest.DaysOff:
                return await ListDaysOffAsync(inbound, context, cancellationToken);
            default:
                return await schedules.DeleteAsync(inbound.Platform, inbound.ConversationId, cancellationToken)
                    ? RoundReplies.Notice("The question of the day is off for this channel.", ReplyVisibility.Public)
                    : RoundReplies.Notice("There was no question of the day here.");
        }
    }

    /// <summary>
    /// Why a schedule's topic names no questions, or null when it does. Every word must be about some question: a
    /// schedule runs for months, and one stray word ("sometimes") would otherwise match whatever example mentions it.
    /// </summary>
    private static string? UnknownTopic(string topic, ConversationContext context)
    {
        if (context.Library.FindQuestion(topic.Trim()) is not null || context.Library.FindCompetency(topic.Trim().Replace(' ', '-')) is not null)
        {
            return null;
        }

        var unmatched = context.Matcher.UnmatchedWords(topic);
        if (unmatched.Count == 0 && context.PoolFor(topic).Count > 0)
        {
            return null;
        }

        var what = unmatched.Count > 0 ? string.Join("\", \"", unmatched) : topic;
        return $"I have no questions on \"{what}\". Topics: {string.Join(", ", context.Library.Competencies.Select(c => c.Id))}. For example: {ScheduleParser.Example}";
    }

    private static async Task<Reply> RemindAsync(Inbound inbound, TimeSpan? before, ConversationContext context, CancellationToken cancellationToken)
    {
        var timeout = context.Options.RoundTimeout;
        if (before >= timeout)
        {
            return RoundReplies.Notice($"Daily rounds close {Length(timeout)} after the question, so a reminder {Length(before.Value)} before that would come before the question itself. " +
                $"For example: {ScheduleParser.RemindExample}") with { Kind = ReplyKind.Error };
        }

        var settings = await context.Settings.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken);
        await context.Settings.SaveAsync(inbound.Platform, inbound.ConversationId, settings with { RemindBefore = before }, cancellationToken);
        return RoundReplies.Notice(before is { } b
            ? $"Done: from the next question of the day on, its thread gets a reminder {Length(b)} before the round closes, saying how many have answered (no names)."
            : "Done: no more reminders in daily rounds here.", ReplyVisibility.Public);
    }

    /// <summary>"2 hours", "90 minutes": how a length of time reads in a reply.</summary>
    internal static string Length(TimeSpan length) => length switch
    {
        { TotalHours: >= 1 } when length.TotalHours % 1 == 0 => Plural((int)length.TotalHours, "hour"),
        _ => Plural((int)Math.Round(length.TotalMinutes), "minute"),
    };

    private static string Plural(int n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";

    private static async Task<Reply> SkipAsync(Inbound inbound, DateOnly from, DateOnly to, ConversationContext context, CancellationToken cancellationToken)
    {
        var schedule = await context.Schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken);
        var today = Today(schedule, context.Time.GetUtcNow());
        if (to < today)
        {
            return RoundReplies.Notice($"{Range(from, to)} is in the past (today is {today:yyyy-MM-dd} here). For example: {ScheduleParser.SkipExample}") with { Kind = ReplyKind.Error };
        }

        // The days of a range already gone are no use as days off; the rest of it still is.
        var start = from < today ? today : from;
        var dates = Dates(start, to);
        var added = await context.Schedules.AddDaysOffAsync(inbound.Platform, inbound.ConversationId, dates, cancellationToken);
        if (added == 0)
        {
            return RoundReplies.Notice(dates.Count == 1 ? $"{Range(start, to)} was already a day off." : $"{Range(start, to)} were already days off.");
        }

        var text = $"Done: no question of the day here on {Range(start, to)}{(dates.Count == 1 ? "" : $" ({dates.Count} days{(added < dates.Count ? $", {dates.Count - added} of them days off already" : "")})")}.";
        text += schedule is null
            ? $" There is no question of the day here yet; these days will be skipped once there is one ({ScheduleParser.Example})."
            : $" The next one is due {Describe(schedule, ScheduleCalendar.NextAfter(schedule, context.Time.GetUtcNow(), await DaysOffAsync(inbound, schedule, context.Time.GetUtcNow(), context, cancellationToken)))}.";
        return RoundReplies.Notice(text, ReplyVisibility.Public);
    }

    private static async Task<Reply> UnskipAsync(Inbound inbound, DateOnly from, DateOnly to, ConversationContext context, CancellationToken cancellationToken)
    {
        var dates = Dates(from, to);
        var removed = await context.Schedules.RemoveDaysOffAsync(inbound.Platform, inbound.ConversationId, dates, cancellationToken);
        return removed switch
        {
            0 => RoundReplies.Notice(dates.Count == 1 ? $"{Range(from, to)} was not a day off." : $"None of {Range(from, to)} was a day off."),
            _ when dates.Count == 1 => RoundReplies.Notice($"{Range(from, to)} is a working day again: the question of the day comes as usual.", ReplyVisibility.Public),
            _ => RoundReplies.Notice($"{removed} day{(removed == 1 ? "" : "s")} in {Range(from, to)} {(removed == 1 ? "is a working day" : "are working days")} again: the question of the day comes as usual.", ReplyVisibility.Public),
        };
    }

    private static async Task<Reply> ListDaysOffAsync(Inbound inbound, ConversationContext context, CancellationToken cancellationToken)
    {
        var schedule = await context.Schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken);
        var days = await context.Schedules.DaysOffAsync(inbound.Platform, inbound.ConversationId, Today(schedule, context.Time.GetUtcNow()), cancellationToken);
        if (days.Count == 0)
        {
            return RoundReplies.Notice($"There are no days off ahead here. Add some with: {ScheduleParser.SkipExample}");
        }

        // Consecutive dates read as one range: a holiday is one entry, not ten.
        var ranges = new List<(DateOnly From, DateOnly To)>();
        foreach (var day in days)
        {
            if (ranges.Count > 0 && ranges[^1].To.AddDays(1) == day)
            {
                ranges[^1] = (ranges[^1].From, day);
            }
            else
            {
                ranges.Add((day, day));
            }
        }

        return RoundReplies.Notice($"Days off here, with no question of the day: {string.Join(", ", ranges.Select(r => Range(r.From, r.To)))}. Undo one with schedule unskip and the date or range.");
    }

    /// <summary>
    /// Days off are local dates of the schedule's zone; before there is a schedule, UTC's date is the best guess, and
    /// at worst lets a date that just ended elsewhere through.
    /// </summary>
    private static DateOnly Today(DailySchedule? schedule, DateTimeOffset now) =>
        DateOnly.FromDateTime(schedule is not null && ScheduleParser.TryFindZone(schedule.TimeZoneId, out var zone) ? TimeZoneInfo.ConvertTime(now, zone).DateTime : now.UtcDateTime);

    private static Task<IReadOnlyList<DateOnly>> DaysOffAsync(Inbound inbound, DailySchedule schedule, DateTimeOffset now, ConversationContext context, CancellationToken cancellationToken) =>
        context.Schedules.DaysOffAsync(inbound.Platform, inbound.ConversationId, Today(schedule, now), cancellationToken);

    private static List<DateOnly> Dates(DateOnly from, DateOnly to) => [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)];

    private static string Range(DateOnly from, DateOnly to) =>
        from == to ? $"{from:yyyy-MM-dd}" : $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}";

    private static string Rest(ScheduleRequest.Set set) =>
        (set.Days == ScheduleDays.EveryDay ? " every day" : "") + (set.Topic is null ? "" : " " + set.Topic);

    private static string Describe(DailySchedule schedule, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, ScheduleCalendar.Zone(schedule.TimeZoneId));
        return $"{local.ToString("dddd d MMMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} {schedule.TimeZoneId}";
    }
}
