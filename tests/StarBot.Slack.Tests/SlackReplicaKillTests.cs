using System.Globalization;
using System.Net;
using Npgsql;
using StarBot.Testing;
using Xunit.Abstractions;

namespace StarBot.Slack.Tests;

/// <summary>
/// Three <c>serve</c> processes on one PostgreSQL database, one of which is killed (SIGKILL: no shutdown, nothing
/// released): what it would have sent, or held leased, still goes out once, from the others, after the lease at
/// worst. The lease is 5 s here (<c>Outbox:Lease</c>) instead of 2 minutes, so that a takeover is seen within a
/// test. Each test starts its own cluster (a killed replica is not brought back), with a fake Slack per replica,
/// which tells which replica sent what.
/// </summary>
public sealed class SlackReplicaKillTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task A_replica_killed_just_before_the_minute_falls_due_leaves_every_channel_posted_once_by_the_others()
    {
        await using var cluster = await SlackReplicaTests.Cluster.StartAsync(new Dictionary<string, string> { ["Outbox__Lease"] = "00:00:05" }, slackPerReplica: true);
        var channels = Enumerable.Range(1, 6).Select(i => $"C0KILLED{i:D3}").ToList();
        for (var i = 0; i < channels.Count; i++)
        {
            var form = Fixtures.Text("commands/schedule_daily_berlin.txt")
                .Replace("channel_id=C0PRACTICE", $"channel_id={channels[i]}", StringComparison.Ordinal)
                .Replace("text=schedule+daily+09%3A00+Europe%2FBerlin+weekdays", "text=schedule+daily+09%3A00+UTC+every+day", StringComparison.Ordinal);
            var response = await cluster.PostAsync(i % SlackReplicaTests.ReplicaCount, "/slack/commands", form, "application/x-www-form-urlencoded");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(channels.Count, await cluster.CountAsync("SELECT COUNT(*) FROM schedules;"));

        // Every schedule falls due at one instant, shortly (rather than at a wall-clock 09:00); replica 1 is killed just
        // before it, while it is polling for due posts every 100 ms like the others.
        var due = DateTimeOffset.UtcNow.AddSeconds(4);
        await cluster.CountAsync($"UPDATE schedules SET next_due_at = '{due:O}'::timestamptz RETURNING 1;");
        var victim = cluster.Replicas[1];
        await Task.Delay(due - TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow);
        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await victim.WaitForExitAsync();
        Assert.True(killedAt < due, $"the replica was killed {(killedAt - due).TotalMilliseconds:F0} ms after the posts fell due, not before");

        await cluster.SettleAsync(() => cluster.CountAsync("SELECT COUNT(*) FROM daily_posts WHERE outcome = 'posted';"), channels.Count);
        var posts = cluster.AllPosts.Select(p => p.GetProperty("channel").GetString()!).Where(c => c.StartsWith("C0KILLED", StringComparison.Ordinal)).ToList();
        Assert.Equal(channels, posts.Order());
        Assert.DoesNotContain(cluster.Slacks[1].Posts, p => p.GetProperty("channel").GetString()!.StartsWith("C0KILLED", StringComparison.Ordinal));
        Assert.Equal(channels.Count, await cluster.CountAsync("SELECT COUNT(*) FROM rounds;"));
        Assert.Equal(channels.Count, await cluster.CountAsync("SELECT COUNT(*) FROM daily_posts;"));
        Assert.False(cluster.Replicas[0].HasExited);
        Assert.False(cluster.Replicas[2].HasExited);
    }

    [PostgresFact]
    public async Task A_replica_killed_while_holding_leased_replies_leaves_each_sent_once_by_the_others_after_the_lease()
    {
        // One message per channel every 3 s: a replica that handled several mentions in one channel holds their replies
        // leased while they wait for their turn.
        await using var cluster = await SlackReplicaTests.Cluster.StartAsync(
            new Dictionary<string, string> { ["Outbox__Lease"] = "00:00:05", ["Outbox__ChannelInterval"] = "00:00:03" }, slackPerReplica: true);
        const int Mentions = 4;
        const string Channel = "C0HELD0001";
        const int Holder = 0;

        // The mentions go to replica 0, which is signalled and handles each at once; the others are paused meanwhile
        // (SIGSTOP), or a sweep of theirs (every second) could take one first and hold its reply itself.
        var others = Enumerable.Range(0, SlackReplicaTests.ReplicaCount).Where(i => i != Holder).Select(i => cluster.Replicas[i]).ToList();
        await SignalAsync("STOP", others);
        try
        {
            await MentionAsync(cluster, Channel, Mentions);
        }
        finally
        {
            await SignalAsync("CONT", others);
        }

        // Replica 0 sent the first reply (through its own fake Slack) and holds the rest, leased, for their turns.
        Assert.Equal(1, cluster.Slacks[Holder].Posts.Count(p => p.GetProperty("channel").GetString() == Channel));
        var victim = cluster.Replicas[Holder];
        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await victim.WaitForExitAsync();

        // Its leases as it left them (nobody else may change them before they run out).
        var pending = await PendingAsync(cluster, Channel);
        output.WriteLine($"replica {Holder} killed holding {pending.Count}, leased for {string.Join(", ", pending.Select(p => $"{(p.LeaseUntil - killedAt).TotalSeconds:F1} s"))}");
        Assert.Equal(Mentions - 1, pending.Count);
        Assert.All(pending, p => Assert.True(p.LeaseUntil > killedAt, "the replies are leased to the killed replica"));
        const string channel = Channel;

        // Each is taken over once its lease has run out, and sent at once (another replica has no turn to wait for in
        // this channel but the one of the reply it took before, which the leases' spacing already allows for).
        var margin = TimeSpan.FromSeconds(3);
        var until = pending.Max(p => p.LeaseUntil) + margin + TimeSpan.FromSeconds(2);
        while (await cluster.CountAsync(RowsOf(channel) + " AND status = 'sent';") < Mentions && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(100);
        }

        Assert.Equal(Mentions, await cluster.CountAsync(RowsOf(channel) + " AND status = 'sent';"));
        Assert.Equal(Mentions, await cluster.CountAsync(RowsOf(channel) + ";"));
        var sent = await SentAtAsync(cluster, pending.Select(p => p.Id));
        output.WriteLine($"sent {string.Join(", ", pending.Select(p => $"{(sent[p.Id] - p.LeaseUntil).TotalSeconds:F1} s"))} after their leases");
        foreach (var row in pending)
        {
            Assert.InRange(sent[row.Id], row.LeaseUntil, row.LeaseUntil + margin);
        }

        // Once each: one from the killed replica before it died, the rest from the others; none twice.
        Assert.Equal(Mentions, cluster.AllPosts.Count(p => p.GetProperty("channel").GetString() == channel));
        Assert.Equal(1, cluster.Slacks[Holder].Posts.Count(p => p.GetProperty("channel").GetString() == channel));
        Assert.All(cluster.Replicas.Where(r => r != victim), r => Assert.False(r.HasExited));
    }

    /// <summary>Sends <paramref name="signal"/> (STOP, CONT) to <paramref name="processes"/>.</summary>
    private static async Task SignalAsync(string signal, IEnumerable<System.Diagnostics.Process> processes)
    {
        foreach (var process in processes)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }
    }

    private static string RowsOf(string channel) => $"SELECT COUNT(*) FROM outbox WHERE payload LIKE '%{channel}%'";

    /// <summary>
    /// Sends <paramref name="count"/> mentions in <paramref name="channel"/> to replica 0 and waits until they are handled,
    /// every reply is stored, and the first one is sent (the others wait for their turns).
    /// </summary>
    private static async Task MentionAsync(SlackReplicaTests.Cluster cluster, string channel, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var mention = Fixtures.Text("events/app_mention.json")
                .Replace("practice leadership", "help", StringComparison.Ordinal)
                .Replace("C0PRACTICE", channel, StringComparison.Ordinal)
                .Replace("Ev0MENTION1", $"Ev0{channel}{i}", StringComparison.Ordinal)
                .Replace("1764320455.000200", $"1764320455.{i:D6}", StringComparison.Ordinal)
                .Replace("7f1c2a8e-1111-4c1e-9a55-0a1b2c3d4e5f", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            var response = await cluster.PostAsync(0, "/slack/events", mention, "application/json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var done = await cluster.CountAsync($"SELECT COUNT(*) FROM inbox WHERE payload LIKE '%{channel}%' AND status = 'done';");
            var replies = await cluster.CountAsync(RowsOf(channel) + ";");
            var sent = await cluster.CountAsync(RowsOf(channel) + " AND status = 'sent';");
            if (done == count && replies == count && sent >= 1)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"the mentions were not handled: {done} done, {replies} replies, {sent} sent");
            await Task.Delay(50);
        }
    }

    private static async Task<List<(long Id, DateTimeOffset LeaseUntil)>> PendingAsync(SlackReplicaTests.Cluster cluster, string channel)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT id, lease_until FROM outbox WHERE payload LIKE '%{channel}%' AND status = 'pending' ORDER BY id;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero)));
        }

        return rows;
    }

    private static async Task<Dictionary<long, DateTimeOffset>> SentAtAsync(SlackReplicaTests.Cluster cluster, IEnumerable<long> ids)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT id, sent_at FROM outbox WHERE id IN ({string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))});", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<long, DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt64(0)] = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
        }

        return rows;
    }
}
