namespace StarBot.Core.Conversation;

/// <summary>Choices an operator makes about the conversation.</summary>
public sealed record CoachOptions
{
    /// <summary>
    /// User ids allowed to change schedules. Empty (the default): whoever may post the command in the channel may;
    /// the platform only delivers commands from people in the conversation.
    /// </summary>
    public IReadOnlySet<string> ScheduleAdmins { get; init; } = new HashSet<string>();

    /// <summary>How long a round stays open before the scheduler closes it (<c>Scheduler:RoundTimeout</c>): reminders come before it.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromDays(1);
}
