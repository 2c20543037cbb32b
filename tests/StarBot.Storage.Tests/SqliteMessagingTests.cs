using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Storage.Tests;

public sealed class SqliteMessagingTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Migrating_again_or_from_two_processes_at_once_applies_each_migration_once()
    {
        var second = new SqliteDatabase(_file.Path);
        await Task.WhenAll(second.MigrateAsync(default), new SqliteDatabase(_file.Path).MigrateAsync(default), _file.Database.MigrateAsync(default));

        Assert.True(await second.PingAsync(default));
        var versions = await second.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT version FROM schema_migrations;", r => r.GetInt64(0), default), default);
        Assert.Equal(Migrations.All.Select(m => m.Version), versions);
        var journal = await second.ReadAsync(c => Sql.ScalarAsync<string>(c, null, "PRAGMA journal_mode;", default), default);
        Assert.Equal("wal", journal);
    }

    [Fact]
    public async Task The_inbox_accepts_an_event_once_and_completing_it_enqueues_its_replies()
    {
        var inbox = new SqliteInbox(_file.Database);
        var outbox = new SqliteOutbox(_file.Database);
        var inbound = new Inbound { Platform = "slack", ConversationId = "C1", MessageId = "1.1", UserId = "U1", UserName = "alex", Text = "help", IsMention = true };

        Assert.True(await inbox.AcceptAsync("slack:Ev1", inbound, T0, default));
        Assert.False(await inbox.AcceptAsync("slack:Ev1", inbound, T0, default));

        var leased = Assert.Single(await inbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default));
        Assert.Equal(inbound, leased.Inbound);
        Assert.Empty(await inbox.LeaseAsync(10, T0.AddSeconds(30), TimeSpan.FromMinutes(1), default));

        var reply = RoundReplies.Help();
        var replies = new[] { new OutboundMessage("reply:1:0", "slack", "T", "C1", "1.1", "U1", reply), new OutboundMessage("reply:1:1", "slack", "T", "C1", "1.1", null, reply) };
        var handed = await inbox.CompleteAsync(leased.Id, replies, T0, T0.AddMinutes(2), default);

        Assert.Equal(0, await inbox.PendingCountAsync(default));
        // The replies come back leased to the worker that handled the event: no other worker takes them meanwhile.
        Assert.Equal(["reply:1:0", "reply:1:1"], handed.Select(h => h.Message.DedupeKey));
        Assert.All(handed, h => Assert.Equal(T0.AddMinutes(2), h.LeasedUntil));
        Assert.Equal(2, await outbox.PendingCountAsync(default));
        Assert.Empty(await outbox.LeaseAsync(10, T0.AddMinutes(1), TimeSpan.FromMinutes(1), default));
        await outbox.MarkSentAsync(handed[0].Id, "1.2", T0, default);

        // If that worker dies before sending, another takes what is left once the lease is over.
        var sent = Assert.Single(await outbox.LeaseAsync(10, T0.AddMinutes(2), TimeSpan.FromMinutes(1), default));
        Assert.Equal(handed[1].Id, sent.Id);
        Assert.Equal("StarBot", sent.Message.Reply.Title);
        Assert.Equal(reply.Blocks.Count, sent.Message.Reply.Blocks.Count);
        Assert.IsType<ListBlock>(sent.Message.Reply.Blocks[1]);
        Assert.Equal(reply.Buttons, sent.Message.Reply.Buttons);
    }

    [Fact]
    public async Task Completing_an_event_again_hands_over_only_replies_not_enqueued_before()
    {
        var inbox = new SqliteInbox(_file.Database);
        var outbox = new SqliteOutbox(_file.Database);
        await inbox.AcceptAsync("k", new Inbound { Platform = "p", ConversationId = "c", MessageId = "m", UserId = "u", UserName = "u", Text = "t" }, T0, default);
        var id = Assert.Single(await inbox.LeaseAsync(10, T0, TimeSpan.FromSeconds(30), default)).Id;
        var first = new OutboundMessage("k:0", "p", "T", "c", null, null, RoundReplies.Notice("first"));
        await outbox.EnqueueAsync([first], T0, default);

        // A second attempt at the same event (the first died after storing a reply) produces the same reply and one more.
        var handed = await inbox.CompleteAsync(id, [first, first with { DedupeKey = "k:1" }], T0, T0.AddMinutes(2), default);

        Assert.Equal("k:1", Assert.Single(handed).Message.DedupeKey);
        Assert.Equal("k:0", Assert.Single(await outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default)).Message.DedupeKey);
    }

    [Fact]
    public async Task A_leased_event_whose_worker_died_is_leased_again_after_the_lease()
    {
        var inbox = new SqliteInbox(_file.Database);
        await inbox.AcceptAsync("k", new Inbound { Platform = "p", ConversationId = "c", MessageId = "m", UserId = "u", UserName = "u", Text = "t" }, T0, default);

        Assert.Single(await inbox.LeaseAsync(10, T0, TimeSpan.FromSeconds(30), default));

        Assert.Single(await inbox.LeaseAsync(10, T0.AddSeconds(31), TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task The_outbox_retries_later_and_forgets_sent_and_refused_messages()
    {
        var outbox = new SqliteOutbox(_file.Database);
        var message = new OutboundMessage("a", "slack", "T", "C1", null, null, RoundReplies.Notice("hi"));
        await outbox.EnqueueAsync([message, message with { DedupeKey = "b" }, message with { DedupeKey = "a" }], T0, default);
        Assert.Equal(2, await outbox.PendingCountAsync(default));

        var leased = await outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default);
        await outbox.RetryLaterAsync(leased[0].Id, T0.AddSeconds(5), "429", default);
        await outbox.MarkSentAsync(leased[1].Id, "123.456", T0, default);

        Assert.Empty(await outbox.LeaseAsync(10, T0.AddSeconds(4), TimeSpan.FromMinutes(1), default));
        Assert.Equal(T0.AddSeconds(5), await outbox.NextDueAsync(default));
        var retried = Assert.Single(await outbox.LeaseAsync(10, T0.AddSeconds(5), TimeSpan.FromMinutes(1), default));
        Assert.Equal(1, retried.Attempts);
        await outbox.RefuseAsync(retried.Id, "channel_not_found", T0, default);
        Assert.Equal(0, await outbox.PendingCountAsync(default));
        Assert.Null(await outbox.NextDueAsync(default));
    }

    [Fact]
    public async Task A_lease_is_extended_only_by_the_worker_that_still_holds_it()
    {
        var outbox = new SqliteOutbox(_file.Database);
        await outbox.EnqueueAsync([new OutboundMessage("a", "slack", "T", "C1", null, null, RoundReplies.Notice("hi"))], T0, default);
        var mine = Assert.Single(await outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(2), default));
        Assert.Equal(T0.AddMinutes(2), mine.LeasedUntil);

        // Extended before it ran out: nobody else can take it until the new time.
        Assert.True(await outbox.ExtendLeaseAsync(mine.Id, mine.LeasedUntil, T0.AddMinutes(5), default));
        Assert.Empty(await outbox.LeaseAsync(10, T0.AddMinutes(3), TimeSpan.FromMinutes(2), default));

        // Once it ran out and another worker took it, the first worker's extension is refused.
        var theirs = Assert.Single(await outbox.LeaseAsync(10, T0.AddMinutes(5), TimeSpan.FromMinutes(2), default));
        Assert.False(await outbox.ExtendLeaseAsync(mine.Id, T0.AddMinutes(5), T0.AddMinutes(9), default));
        Assert.True(await outbox.ExtendLeaseAsync(theirs.Id, theirs.LeasedUntil, T0.AddMinutes(9), default));
        await outbox.MarkSentAsync(theirs.Id, "1.1", T0.AddMinutes(6), default);
        Assert.False(await outbox.ExtendLeaseAsync(theirs.Id, T0.AddMinutes(9), T0.AddMinutes(12), default));
    }
}

public sealed class SqliteChannelSettingsTests : IDisposable
{
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_channel_choice_is_kept_and_others_keep_the_default()
    {
        var store = new SqliteChannelSettingsStore(_file.Database);

        await store.SaveAsync("slack", "C1", new StarBot.Core.Conversation.ChannelSettings(PrivateFeedback: true), default);

        Assert.True((await new SqliteChannelSettingsStore(new SqliteDatabase(_file.Path)).GetAsync("slack", "C1", default)).PrivateFeedback);
        Assert.False((await store.GetAsync("slack", "C2", default)).PrivateFeedback);
    }

    [Fact]
    public async Task A_reminder_length_round_trips_and_off_is_null()
    {
        var store = new SqliteChannelSettingsStore(_file.Database);

        await store.SaveAsync("slack", "C1", new StarBot.Core.Conversation.ChannelSettings(RemindBefore: TimeSpan.FromMinutes(90)), default);
        await store.SaveAsync("slack", "C2", new StarBot.Core.Conversation.ChannelSettings(PrivateFeedback: true), default);

        Assert.Equal(TimeSpan.FromMinutes(90), (await store.GetAsync("slack", "C1", default)).RemindBefore);
        Assert.Equal(new StarBot.Core.Conversation.ChannelSettings(true, null), await store.GetAsync("slack", "C2", default));
    }
}
