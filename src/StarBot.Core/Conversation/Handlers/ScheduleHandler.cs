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
        if (request is not ScheduleRequest.Show and not ScheduleRequest.Next && admins.Count > 0 && !admins.Contains(inbound.UserId))
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

                var schedule = new DailySchedule(inbound.Platform, inbound.TeamId, inbound.ConversationId, set.Time, set.Zone.Id, set.Days, set.Topic, inbound.UserId, now);
                var next = ScheduleCalendar.NextAfter(schedule, now);
                await schedules.SaveAsync(schedule, next, cancellationToken);
                return RoundReplies.Notice($"Done: a question of the day will appear here at {schedule.Describe()}. The first is due {Describe(schedule, next)}.", ReplyVisibility.Public);
            case ScheduleRequest.Show:
                return await schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken) is { } shown
                    ? RoundReplies.Notice($"Question of the day here: {shown.Describe()}.")
                    : RoundReplies.Notice($"There is no question of the day here yet. Set one with: {ScheduleParser.Example}");
            case ScheduleRequest.Next:
                return await schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken) is { } current
                    ? RoundReplies.Notice($"The next question of the day is due {Describe(current, ScheduleCalendar.NextAfter(current, now))}.")
                    : RoundReplies.Notice($"There is no question of the day here yet. Set one with: {ScheduleParser.Example}");
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

    private static string Describe(DailySchedule schedule, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, ScheduleCalendar.Zone(schedule.TimeZoneId));
        return $"{local.ToString("dddd d MMMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} {schedule.TimeZoneId}";
    }
}
