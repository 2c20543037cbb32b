using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Storage.Tests;

/// <summary>The behaviour every <see cref="IRoundStore"/> must have, run against each implementation: in memory, SQLite and PostgreSQL.</summary>
public abstract class RoundStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    protected abstract IRoundStore Store { get; }

    /// <summary>The outbox the store enqueues a closed round's summary in.</summary>
    protected abstract IOutbox Outbox { get; }

    [StoreFact]
    public async Task A_round_closed_with_its_summary_enqueues_the_summary_once()
    {
        await Store.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", null, null, T0), default);
        var summary = new OutboundMessage("summary:r1", "slack", "", "C1", "T1", null, RoundReplies.Notice("Round closed"));

        Assert.True(await Store.CloseWithSummaryAsync("r1", T0.AddHours(1), summary, default));
        Assert.False(await Store.CloseWithSummaryAsync("r1", T0.AddHours(2), summary with { DedupeKey = "summary:r1:again" }, default));

        Assert.Equal(RoundStatus.Closed, (await Store.GetAsync("r1", default))!.Status);
        var queued = Assert.Single(await Outbox.LeaseAsync(10, T0.AddHours(3), TimeSpan.FromMinutes(1), default));
        Assert.Equal(("summary:r1", "T1"), (queued.Message.DedupeKey, queued.Message.ThreadId));
    }

    [StoreFact]
    public async Task A_reminder_is_due_at_its_time_and_taken_off_once_with_its_message_enqueued_in_the_same_step()
    {
        await Store.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", null, null, T0, RemindAt: T0.AddHours(22)), default);
        await Store.CreateAsync(new Round("r2", "slack", "C2", "T2", "q1", null, null, T0), default);
        await Store.CreateAsync(new Round("r3", "slack", "C3", "T3", "q1", null, null, T0, RemindAt: T0.AddHours(1)), default);
        await Store.CloseAsync("r3", T0.AddMinutes(30), null, default);
        var reminder = new OutboundMessage("remind:r1", "slack", "", "C1", "T1", null, RoundReplies.Notice("2 people have answered"));

        Assert.Empty(await Store.DueRemindersAsync(T0.AddHours(21), 10, default));
        Assert.Equal(["r1"], (await Store.DueRemindersAsync(T0.AddHours(23), 10, default)).Select(r => r.Id));
        Assert.Equal(T0.AddHours(22), (await Store.GetAsync("r1", default))!.RemindAt);
        Assert.True(await Store.RemindAsync("r1", reminder, T0.AddHours(23), default));
        Assert.False(await Store.RemindAsync("r1", reminder with { DedupeKey = "remind:r1:again" }, T0.AddHours(23), default));
        Assert.False(await Store.RemindAsync("r3", null, T0.AddHours(23), default));

        Assert.Empty(await Store.DueRemindersAsync(T0.AddHours(23), 10, default));
        var queued = Assert.Single(await Outbox.LeaseAsync(10, T0.AddHours(23), TimeSpan.FromMinutes(1), default));
        Assert.Equal(("remind:r1", "T1"), (queued.Message.DedupeKey, queued.Message.ThreadId));
    }

    [StoreFact]
    public async Task A_round_is_found_by_its_thread_once_attached()
    {
        var round = new Round("r1", "slack", "C1", null, "q1", "U1", "alex", T0);
        await Store.CreateAsync(round, default);
        await Store.CreateAsync(round with { QuestionId = "other" }, default);

        Assert.Null(await Store.FindAsync("slack", "C1", "T1", default));
        await Store.AttachThreadAsync("r1", "T1", default);

        var found = await Store.FindAsync("slack", "C1", "T1", default);
        Assert.Equal(round with { ThreadId = "T1" }, found);
        Assert.Null(await Store.FindAsync("teams", "C1", "T1", default));
    }

    [StoreFact]
    public async Task Without_a_thread_the_latest_round_of_the_conversation_is_found()
    {
        await Store.CreateAsync(new Round("old", "terminal", "t", null, "q1", "you", "you", T0), default);
        await Store.CreateAsync(new Round("new", "terminal", "t", null, "q2", "you", "you", T0.AddMinutes(5)), default);

        Assert.Equal("new", (await Store.FindAsync("terminal", "t", null, default))!.Id);
    }

    [StoreFact]
    public async Task Answers_are_kept_in_order_once_per_message_and_a_round_closes_once()
    {
        await Store.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", "U1", "alex", T0), default);
        var parts = new Dictionary<StarPart, PartStatus> { [StarPart.Situation] = PartStatus.Present, [StarPart.Task] = PartStatus.Weak, [StarPart.Action] = PartStatus.Present, [StarPart.Result] = PartStatus.Missing };
        await Store.AddAnswerAsync(new RoundAnswer("r1", "m1", "U1", "alex", "first", parts, T0.AddMinutes(1)), default);
        await Store.AddAnswerAsync(new RoundAnswer("r1", "m2", "U2", "sam", "second", parts, T0.AddMinutes(2)), default);
        await Store.AddAnswerAsync(new RoundAnswer("r1", "m1", "U1", "alex", "first again", parts, T0.AddMinutes(3)), default);

        var answers = await Store.AnswersAsync("r1", default);
        Assert.Equal(["first", "second"], answers.Select(a => a.Text));
        Assert.Equal(PartStatus.Weak, answers[0].Parts[StarPart.Task]);

        Assert.Equal(["r1"], (await Store.OpenBeforeAsync(T0.AddMinutes(1), 10, default)).Select(r => r.Id));
        Assert.Empty(await Store.OpenBeforeAsync(T0, 10, default));
        Assert.True(await Store.CloseAsync("r1", T0.AddHours(1), "m-done", default));
        Assert.Empty(await Store.OpenBeforeAsync(T0.AddDays(1), 10, default));
        Assert.False(await Store.CloseAsync("r1", T0.AddHours(2), "m-other", default));
        var closed = await Store.GetAsync("r1", default);
        Assert.Equal((RoundStatus.Closed, T0.AddHours(1), "m-done"), (closed!.Status, closed.ClosedAt, closed.ClosedBy));
    }

    [StoreFact]
    public async Task A_persons_history_is_newest_first_on_one_platform()
    {
        var parts = new Dictionary<StarPart, PartStatus> { [StarPart.Situation] = PartStatus.Present, [StarPart.Task] = PartStatus.Present, [StarPart.Action] = PartStatus.Present, [StarPart.Result] = PartStatus.Missing };
        await Store.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", null, null, T0), default);
        await Store.CreateAsync(new Round("r2", "slack", "C1", "T2", "q2", null, null, T0), default);
        await Store.CreateAsync(new Round("r3", "teams", "C1", "T3", "q3", null, null, T0), default);
        await Store.AddAnswerAsync(new RoundAnswer("r1", "m1", "U1", "alex", "old", parts, T0.AddMinutes(1)), default);
        await Store.AddAnswerAsync(new RoundAnswer("r2", "m2", "U1", "alex", "new", parts, T0.AddMinutes(2)), default);
        await Store.AddAnswerAsync(new RoundAnswer("r2", "m3", "U2", "sam", "other person", parts, T0.AddMinutes(3)), default);
        await Store.AddAnswerAsync(new RoundAnswer("r3", "m4", "U1", "alex", "other platform", parts, T0.AddMinutes(4)), default);

        var history = await Store.HistoryAsync("slack", "U1", 10, default);

        Assert.Equal([("new", "q2"), ("old", "q1")], history.Select(h => (h.Answer.Text, h.QuestionId)));
    }

    [StoreFact]
    public async Task Asked_questions_are_listed_oldest_first_per_conversation()
    {
        await Store.CreateAsync(new Round("a", "slack", "C1", null, "q1", null, null, T0), default);
        await Store.CreateAsync(new Round("b", "slack", "C2", null, "q9", null, null, T0.AddMinutes(1)), default);
        await Store.CreateAsync(new Round("c", "slack", "C1", null, "q2", null, null, T0.AddMinutes(2)), default);

        Assert.Equal(["q1", "q2"], await Store.AskedQuestionsAsync("slack", "C1", default));
    }
}

public sealed class InMemoryRoundStoreTests : RoundStoreContractTests
{
    public InMemoryRoundStoreTests() => Store = new InMemoryRoundStore(Outbox);

    protected override IRoundStore Store { get; }

    protected override IOutbox Outbox { get; } = new InMemoryOutbox();
}

public sealed class SqliteRoundStoreTests : RoundStoreContractTests, IDisposable
{
    private readonly SqliteStoreFixture _fixture = new();

    protected override IRoundStore Store => _fixture.Stores.Rounds;

    protected override IOutbox Outbox => _fixture.Stores.Outbox;

    public void Dispose() => _fixture.Dispose();
}

[RequiresPostgres]
public sealed class PostgresRoundStoreTests : RoundStoreContractTests, IDisposable
{
    private readonly PostgresStoreFixture _fixture = new();

    protected override IRoundStore Store => _fixture.Stores.Rounds;

    protected override IOutbox Outbox => _fixture.Stores.Outbox;

    public void Dispose() => _fixture.Dispose();
}
