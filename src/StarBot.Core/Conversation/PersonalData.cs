using StarBot.Core.Scheduling;

namespace StarBot.Core.Conversation;

/// <summary>What <c>forget me</c> deleted, per kind, so the reply can say it in numbers rather than "done".</summary>
/// <param name="Answers">Answers in practice rounds (which are also the person's history).</param>
/// <param name="RoundsStarted">Rounds they started, which no longer name them.</param>
/// <param name="Schedules">Daily schedules they set, which no longer name them.</param>
/// <param name="InboxEvents">Handled messages of theirs still kept in the inbox.</param>
/// <param name="OutboxMessages">Replies to them, or quoting them, still kept in the outbox.</param>
public sealed record ForgetReport(int Answers, int RoundsStarted, int Schedules, int InboxEvents, int OutboxMessages)
{
    public bool Nothing => Answers + RoundsStarted + Schedules + InboxEvents + OutboxMessages == 0;
}

/// <summary>
/// Everything StarBot keeps about one person, across the stores, so that it can be deleted at their request in one
/// go (the database does it in one transaction: a crash cannot leave half of it).
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>
    /// Deletes the person's answers and the inbox and outbox rows holding what they wrote or what was said to them,
    /// and takes their id and name off the rounds and schedules they started. Messages not handled yet stay: the one
    /// that asked is among them, and it must still be answered.
    /// </summary>
    Task<ForgetReport> ForgetAsync(string platform, string userId, CancellationToken cancellationToken);
}

/// <summary>For the in-memory stores (the terminal and tests): nothing there outlives the process, and there is no inbox.</summary>
public sealed class InMemoryPersonalDataStore(InMemoryRoundStore rounds, InMemoryScheduleStore? schedules) : IPersonalDataStore
{
    public Task<ForgetReport> ForgetAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        var (answers, started) = rounds.Forget(platform, userId);
        return Task.FromResult(new ForgetReport(answers, started, schedules?.ForgetCreator(platform, userId) ?? 0, 0, 0));
    }
}
