using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Storage.Tests;

public sealed class SqliteRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Old = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recent = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Only_finished_rows_from_before_the_cutoff_are_deleted()
    {
        var inbox = new SqliteInbox(_file.Database);
        var outbox = new SqliteOutbox(_file.Database);
        // Inbox: handled long ago, given up long ago, still pending from long ago, handled recently.
        await Handled(inbox, "old-done", Old);
        await inbox.AcceptAsync("old-failed", Inbound("2"), Old, default);
        await inbox.FailAsync(Id(await inbox.LeaseAsync(1, Old, TimeSpan.FromMinutes(1), default)), "boom", Old, permanent: true, default);
        await Handled(inbox, "recent-done", Recent);
        await inbox.AcceptAsync("old-pending", Inbound("3"), Old, default);
        // Outbox: sent long ago, refused long ago, pending from long ago, sent recently. (The two handled events'
        // replies are in there too: one old and sent below, one recent.)
        foreach (var (key, at) in new[] { ("old-sent", Old), ("old-refused", Old), ("old-pending", Old), ("recent-sent", Recent) })
        {
            await outbox.EnqueueAsync([new OutboundMessage(key, "slack", "T", "C1", null, null, RoundReplies.Notice(key))], at, default);
        }

        foreach (var item in await outbox.LeaseAsync(10, Recent, TimeSpan.FromMinutes(1), default))
        {
            await (item.Message.DedupeKey switch
            {
                "old-refused" => outbox.RefuseAsync(item.Id, "channel_not_found", Recent, default),
                "old-pending" => outbox.RetryLaterAsync(item.Id, Recent.AddHours(1), "429", default),
                _ => outbox.MarkSentAsync(item.Id, "1.1", Recent, default),
            });
        }

        var deleted = await new SqliteRetention(_file.Database).DeleteFinishedAsync(Cutoff, 100, default);

        Assert.Equal((2, 3), deleted);
        Assert.Equal(["old-pending", "recent-done"], await Keys("inbox"));
        Assert.Equal(["old-pending", "recent-done:reply", "recent-sent"], await Keys("outbox"));
        // The pending ones are still delivered as before.
        Assert.Equal(1, await inbox.PendingCountAsync(default));
        Assert.Equal(1, await outbox.PendingCountAsync(default));
    }

    [Fact]
    public async Task At_most_the_given_number_go_in_one_write()
    {
        var inbox = new SqliteInbox(_file.Database);
        for (var i = 0; i < 5; i++)
        {
            await Handled(inbox, $"e{i}", Old);
        }

        var retention = new SqliteRetention(_file.Database);
        // Their replies are still waiting to be sent: they stay.
        Assert.Equal((2, 0), await retention.DeleteFinishedAsync(Cutoff, 2, default));
        Assert.Equal((2, 0), await retention.DeleteFinishedAsync(Cutoff, 2, default));
        Assert.Equal((1, 0), await retention.DeleteFinishedAsync(Cutoff, 2, default));
        Assert.Equal((0, 0), await retention.DeleteFinishedAsync(Cutoff, 2, default));
        Assert.Empty(await Keys("inbox"));
        Assert.Equal(5, (await Keys("outbox")).Count);
    }

    /// <summary>An event accepted, handled and its one reply delivered, all at <paramref name="at"/>.</summary>
    private static async Task Handled(SqliteInbox inbox, string key, DateTimeOffset at)
    {
        await inbox.AcceptAsync(key, Inbound(key), at, default);
        var item = Assert.Single(await inbox.LeaseAsync(1, at, TimeSpan.FromMinutes(1), default));
        // Its reply not leased to the caller: the outbox gives it to whoever asks, as after a restart.
        await inbox.CompleteAsync(item.Id, [new OutboundMessage(key + ":reply", "slack", "T", "C1", null, null, RoundReplies.Notice("ok"))], at, at, default);
    }

    private static long Id(IReadOnlyList<InboxItem> items) => Assert.Single(items).Id;

    private static Inbound Inbound(string id) => new() { Platform = "slack", ConversationId = "C1", MessageId = id, UserId = "U1", UserName = "alex", Text = "help", IsMention = true };

    private Task<List<string>> Keys(string table) =>
        _file.Database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT dedupe_key FROM {table} ORDER BY dedupe_key;", r => r.GetString(0), default), default);
}
