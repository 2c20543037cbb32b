using StarBot.Core.Conversation;

namespace StarBot.Storage.Tests;

/// <summary>Concurrent writes share commits; each caller still gets its own outcome, only after the commit.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Concurrent_accepts_are_all_stored_and_each_caller_learns_whether_its_event_was_new()
    {
        var inbox = new SqliteInbox(_file.Database);
        // 200 callers at once, every key twice: exactly one of each pair is new.
        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            inbox.AcceptAsync($"slack:Ev{i % 200}", Inbound(i % 200), T0, default))));

        Assert.Equal(200, results.Count(r => r));
        // A second database object on the file (another process) sees every event: each ack came after its commit.
        var other = new SqliteDatabase(_file.Path);
        Assert.Equal(200, await new SqliteInbox(other).PendingCountAsync(default));
        await other.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_write_undoes_only_its_own_work_in_a_shared_commit()
    {
        var database = _file.Database;
        var inbox = new SqliteInbox(database);
        var gate = new TaskCompletionSource();
        // Hold the writer so that the writes below queue up and are committed together.
        var holder = HoldWriter(database, gate.Task);
        var first = inbox.AcceptAsync("slack:Ev1", Inbound(1), T0, default);
        var failing = database.WriteAsync<int>(async (c, t) =>
        {
            await Sql.ExecuteAsync(c, t, "INSERT INTO inbox (dedupe_key, payload, received_at, status, next_attempt_at) VALUES ('slack:Ev2', '{}', 0, 'pending', 0);", default);
            throw new InvalidOperationException("boom");
        }, default);
        var third = inbox.AcceptAsync("slack:Ev3", Inbound(3), T0, default);
        gate.SetResult();

        await holder;
        Assert.True(await first);
        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.True(await third);
        var keys = await database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT dedupe_key FROM inbox ORDER BY id;", r => r.GetString(0), default), default);
        Assert.Equal(["slack:Ev1", "slack:Ev3"], keys);
    }

    [Fact]
    public async Task A_write_canceled_before_it_ran_is_not_run()
    {
        var database = _file.Database;
        var gate = new TaskCompletionSource();
        var holder = HoldWriter(database, gate.Task);
        using var cancel = new CancellationTokenSource();
        var canceled = new SqliteInbox(database).AcceptAsync("slack:Ev1", Inbound(1), T0, cancel.Token);
        await cancel.CancelAsync();
        gate.SetResult();

        await holder;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        Assert.Equal(0, await new SqliteInbox(database).PendingCountAsync(default));
    }

    [Fact]
    public async Task A_write_when_no_other_is_under_way_runs_on_the_callers_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var ran = await _file.Database.WriteAsync((_, _) => Task.FromResult(Environment.CurrentManagedThreadId), default);

        // No hand-off to a writer thread and back: what makes a lone write cheap.
        Assert.Equal(caller, ran);
    }

    [Fact]
    public async Task Disposing_lets_queued_writes_commit_then_refuses_new_ones()
    {
        var database = new SqliteDatabase(_file.Path);
        var inbox = new SqliteInbox(database);
        var gate = new TaskCompletionSource();
        var holder = HoldWriter(database, gate.Task);
        var queued = Enumerable.Range(1, 3).Select(i => inbox.AcceptAsync($"slack:Ev{i}", Inbound(i), T0, default)).ToList();
        var disposing = database.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        gate.SetResult();

        await disposing;
        Assert.All(await Task.WhenAll(queued), Assert.True);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => inbox.AcceptAsync("slack:Ev4", Inbound(4), T0, default));
        Assert.Equal(3, await new SqliteInbox(_file.Database).PendingCountAsync(default));
        await holder;
    }

    /// <summary>A write that keeps the writer busy until <paramref name="gate"/> completes: writes queued meanwhile wait for it.</summary>
    private static Task<int> HoldWriter(SqliteDatabase database, Task gate) => database.WriteAsync(async (_, _) =>
    {
        await gate;
        return 0;
    }, default);

    private static Inbound Inbound(int i) => new() { Platform = "slack", ConversationId = "C1", MessageId = $"1.{i}", UserId = "U1", UserName = "alex", Text = "help", IsMention = true };
}

/// <summary>What only the SQLite file does.</summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task The_file_is_in_WAL_mode_so_that_readers_never_wait_for_the_writer()
    {
        var other = new SqliteDatabase(_file.Path);
        await other.MigrateAsync(default);

        Assert.Equal("wal", await other.ReadAsync(c => Sql.ScalarAsync<string>(c, null, "PRAGMA journal_mode;", default), default));
        await other.DisposeAsync();
    }
}
