using StarBot.Core.Scheduling;

namespace StarBot.Core.Conversation;

/// <summary>What <c>forget me</c> deleted, per kind, so the reply can say it in numbers rather than "done".</summary>
/// <param name="Answers">Answers in practice rounds (which are also the person's history).</param>
/// <param name="RoundsStarted">Rounds they started, which no longer name them.</param>
/// <param name="Schedules">Daily schedules they set, which no longer name them.</param>
/// <param name="InboxEvents">Messages of theirs still kept in the inbox, handled or not (not the request itself).</param>
/// <param name="OutboxMessages">Replies to them, or answering them, kept in the outbox, sent or still waiting.</param>
/// <param name="Chats">Stored addresses of their one-to-one chats with StarBot (Teams conversation references).</param>
public sealed record ForgetReport(int Answers, int RoundsStarted, int Schedules, int InboxEvents, int OutboxMessages, int Chats = 0)
{
    public bool Nothing => Answers + RoundsStarted + Schedules + InboxEvents + OutboxMessages + Chats == 0;
}

/// <summary>
/// Everything StarBot keeps about one person, across the stores, so that it can be deleted at their request in one
/// go (the database does it in one transaction: a crash cannot leave half of it).
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>
    /// Deletes what the sender of <paramref name="request"/> (the <c>forget me yes</c> being handled) left: their
    /// answers and the inbox and outbox rows holding what they wrote or what was said to them, and takes their id and
    /// name off the rounds and schedules they started. The request itself stays: it must still be answered.
    /// </summary>
    Task<ForgetReport> ForgetAsync(Inbound request, CancellationToken cancellationToken);
}

/// <summary>For the in-memory stores (the terminal and tests): nothing there outlives the process, and there is no inbox.</summary>
public sealed class InMemoryPersonalDataStore(InMemoryRoundStore rounds, InMemoryScheduleStore? schedules) : IPersonalDataStore
{
    public Task<ForgetReport> ForgetAsync(Inbound request, CancellationToken cancellationToken)
    {
        var (answers, started) = rounds.Forget(request.Platform, request.UserId);
        return Task.FromResult(new ForgetReport(answers, started, schedules?.ForgetCreator(request.Platform, request.UserId) ?? 0, 0, 0));
    }
}
