using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Storage.Tests;

public sealed class SqlitePersonalDataStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Forgetting_a_person_deletes_their_answers_and_handled_messages_and_leaves_everyone_else_alone()
    {
        var rounds = new SqliteRoundStore(_file.Database);
        var inbox = new SqliteInbox(_file.Database);
        var outbox = new SqliteOutbox(_file.Database);
        await rounds.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", "U-sam", "sam", T0), default);
        await rounds.CreateAsync(new Round("r2", "slack", "C1", "T2", "q1", "U-alex", "alex", T0), default);
        await rounds.CreateAsync(new Round("r3", "teams", "C1", "T3", "q1", "U-sam", "sam", T0), default);
        await rounds.AddAnswerAsync(Answer("r1", "m1", "U-sam"), default);
        await rounds.AddAnswerAsync(Answer("r2", "m2", "U-sam"), default);
        await rounds.AddAnswerAsync(Answer("r2", "m3", "U-alex"), default);
        await rounds.AddAnswerAsync(Answer("r3", "m4", "U-sam"), default);
        await new SqliteScheduleStore(_file.Database).SaveAsync(new DailySchedule("slack", "W1", "C1", new TimeOnly(9, 0), "UTC", ScheduleDays.Weekdays, null, "U-sam", T0), T0, default);

        // sam's two handled messages, the one being handled now (the "forget me yes" itself), and alex's.
        await inbox.AcceptAsync("e1", Message("U-sam", "my answer"), T0, default);
        await inbox.AcceptAsync("e2", Message("U-sam", "feedback my other answer"), T0, default);
        await inbox.AcceptAsync("e3", Message("U-alex", "alex's answer"), T0, default);
        foreach (var item in await inbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default))
        {
            var reply = OutboundMessage.Answering(item.Inbound, RoundReplies.Notice("feedback quoting " + item.Inbound.Text, ReplyVisibility.Public), "reply:" + item.DedupeKey);
            foreach (var sent in await inbox.CompleteAsync(item.Id, [reply], T0, T0.AddMinutes(1), default))
            {
                await outbox.MarkSentAsync(sent.Id, "ts", T0, default);
            }
        }

        await inbox.AcceptAsync("e4", Message("U-sam", "forget me yes"), T0, default);
        await outbox.EnqueueAsync([new OutboundMessage("dm", "slack", "W1", "D1", null, "U-sam", RoundReplies.Notice("private to sam"), RequestedBy: "U-sam")], T0, default);

        var report = await new SqlitePersonalDataStore(_file.Database).ForgetAsync("slack", "U-sam", default);

        Assert.Equal(new ForgetReport(Answers: 2, RoundsStarted: 1, Schedules: 1, InboxEvents: 2, OutboxMessages: 3), report);
        Assert.Equal(["U-alex"], (await rounds.AnswersAsync("r2", default)).Select(a => a.UserId));
        Assert.Empty(await rounds.AnswersAsync("r1", default));
        Assert.Single(await rounds.AnswersAsync("r3", default));
        Assert.Equal((null, null), ((await rounds.GetAsync("r1", default))!.StarterUserId, (await rounds.GetAsync("r1", default))!.StarterName));
        Assert.Equal("U-sam", (await rounds.GetAsync("r3", default))!.StarterUserId);
        Assert.Equal("", (await new SqliteScheduleStore(_file.Database).GetAsync("slack", "C1", default))!.CreatedBy);
        var inboxLeft = await _file.Database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT dedupe_key FROM inbox ORDER BY id;", r => r.GetString(0), default), default);
        Assert.Equal(["e3", "e4"], inboxLeft);
        var outboxLeft = await _file.Database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT dedupe_key FROM outbox ORDER BY id;", r => r.GetString(0), default), default);
        Assert.Equal(["reply:e3"], outboxLeft);
        Assert.Equal(new ForgetReport(0, 0, 0, 0, 0), await new SqlitePersonalDataStore(_file.Database).ForgetAsync("slack", "U-sam", default));
    }

    private static RoundAnswer Answer(string round, string message, string user) =>
        new(round, message, user, user[2..], "an answer", Enum.GetValues<StarPart>().ToDictionary(p => p, _ => PartStatus.Present), T0);

    private static Inbound Message(string user, string text) => new()
    {
        Platform = "slack",
        ConversationId = "C1",
        MessageId = Guid.NewGuid().ToString("n"),
        UserId = user,
        UserName = user[2..],
        Text = text,
        TeamId = "W1",
    };
}
