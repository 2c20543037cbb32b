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
                if (set.Topic is { } topic && context.PoolFor(topic).Count == 0)
                {
                    return RoundReplies.Notice($"I have no questions on \"{topic}\". Try one of: {string.Join(", ", context.Matcher.Suggest(topic))}. For example: {ScheduleParser.Example}") with { Kind = ReplyKind.Error };
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

    private static string Describe(DailySchedule schedule, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, ScheduleCalendar.Zone(schedule.TimeZoneId));
        return $"{local.ToString("dddd d MMMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} {schedule.TimeZoneId}";
    }
}
