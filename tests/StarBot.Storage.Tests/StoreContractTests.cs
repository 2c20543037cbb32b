using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Storage.Tests;

/// <summary>
/// The behaviour every provider's stores must have, written once and run on each (<see cref="SqliteStoreContractTests"/>,
/// <see cref="PostgresStoreContractTests"/>), so that no behaviour exists on one and not the other.
/// </summary>
public abstract class StoreContractTests<TFixture> : IDisposable
    where TFixture : IStoreFixture, new()
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    protected TFixture Fixture { get; } = new();

    private Stores S => Fixture.Stores;

    public void Dispose() => Fixture.Dispose();

    // Migrations

    [StoreFact]
    public async Task Migrating_again_or_from_several_processes_at_once_applies_each_migration_once()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Fixture.OpenInstance()).ToList();

        await Task.WhenAll(instances.Select(i => Task.Run(() => i.Database.MigrateAsync(default))).Append(S.Database.MigrateAsync(default)));

        Assert.All(instances, i => Assert.True(i.Database.PingAsync(default).GetAwaiter().GetResult()));
        Assert.Equal(Fixture.Migrations, await Fixture.AppliedMigrationsAsync());
    }

    // Inbox and outbox

    [StoreFact]
    public async Task The_inbox_accepts_an_event_once_and_completing_it_enqueues_its_replies()
    {
        var inbound = new Inbound { Platform = "slack", ConversationId = "C1", MessageId = "1.1", UserId = "U1", UserName = "alex", Text = "help", IsMention = true };

        Assert.True(await S.Inbox.AcceptAsync("slack:Ev1", inbound, T0, default));
        Assert.False(await S.Inbox.AcceptAsync("slack:Ev1", inbound, T0, default));

        var leased = Assert.Single(await S.Inbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default));
        Assert.Equal(inbound, leased.Inbound);
        Assert.Empty(await S.Inbox.LeaseAsync(10, T0.AddSeconds(30), TimeSpan.FromMinutes(1), default));

        var reply = RoundReplies.Help();
        var replies = new[] { new OutboundMessage("reply:1:0", "slack", "T", "C1", "1.1", "U1", reply), new OutboundMessage("reply:1:1", "slack", "T", "C1", "1.1", null, reply) };
        var handed = await S.Inbox.CompleteAsync(leased.Id, replies, T0, T0.AddMinutes(2), default);

        Assert.Equal(0, await S.Inbox.PendingCountAsync(default));
        // The replies come back leased to the worker that handled the event: no other worker takes them meanwhile.
        Assert.Equal(["reply:1:0", "reply:1:1"], handed.Select(h => h.Message.DedupeKey));
        Assert.All(handed, h => Assert.Equal(T0.AddMinutes(2), h.LeasedUntil));
        Assert.Equal(2, await S.Outbox.PendingCountAsync(default));
        Assert.Empty(await S.Outbox.LeaseAsync(10, T0.AddMinutes(1), TimeSpan.FromMinutes(1), default));
        await S.Outbox.MarkSentAsync(handed[0].Id, "1.2", T0, default);

        // If that worker dies before sending, another takes what is left once the lease is over.
        var sent = Assert.Single(await S.Outbox.LeaseAsync(10, T0.AddMinutes(2), TimeSpan.FromMinutes(1), default));
        Assert.Equal(handed[1].Id, sent.Id);
        Assert.Equal("StarBot", sent.Message.Reply.Title);
        Assert.Equal(reply.Blocks.Count, sent.Message.Reply.Blocks.Count);
        Assert.IsType<ListBlock>(sent.Message.Reply.Blocks[1]);
        Assert.Equal(reply.Buttons, sent.Message.Reply.Buttons);
    }

    [StoreFact]
    public async Task Completing_an_event_again_hands_over_only_replies_not_enqueued_before()
    {
        await S.Inbox.AcceptAsync("k", Inbound("m"), T0, default);
        var id = Assert.Single(await S.Inbox.LeaseAsync(10, T0, TimeSpan.FromSeconds(30), default)).Id;
        var first = new OutboundMessage("k:0", "p", "T", "c", null, null, RoundReplies.Notice("first"));
        await S.Outbox.EnqueueAsync([first], T0, default);

        // A second attempt at the same event (the first died after storing a reply) produces the same reply and one more.
        var handed = await S.Inbox.CompleteAsync(id, [first, first with { DedupeKey = "k:1" }], T0, T0.AddMinutes(2), default);

        Assert.Equal("k:1", Assert.Single(handed).Message.DedupeKey);
        Assert.Equal("k:0", Assert.Single(await S.Outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default)).Message.DedupeKey);
    }

    [StoreFact]
    public async Task A_leased_event_whose_worker_died_is_leased_again_after_the_lease_and_a_failed_one_is_retried_later()
    {
        await S.Inbox.AcceptAsync("k", Inbound("m"), T0, default);

        var first = Assert.Single(await S.Inbox.LeaseAsync(10, T0, TimeSpan.FromSeconds(30), default));
        var again = Assert.Single(await S.Inbox.LeaseAsync(10, T0.AddSeconds(31), TimeSpan.FromSeconds(30), default));
        Assert.Equal((first.Id, 0), (again.Id, again.Attempts));

        await S.Inbox.FailAsync(again.Id, "timeout", T0.AddMinutes(5), permanent: false, default);
        Assert.Empty(await S.Inbox.LeaseAsync(10, T0.AddMinutes(4), TimeSpan.FromSeconds(30), default));
        Assert.Equal(1, Assert.Single(await S.Inbox.LeaseAsync(10, T0.AddMinutes(5), TimeSpan.FromSeconds(30), default)).Attempts);
        await S.Inbox.FailAsync(again.Id, "broken", T0.AddMinutes(5), permanent: true, default);
        Assert.Equal(0, await S.Inbox.PendingCountAsync(default));
    }

    [StoreFact]
    public async Task Processes_leasing_at_the_same_moment_never_get_the_same_event_or_reply()
    {
        for (var i = 0; i < 60; i++)
        {
            await S.Inbox.AcceptAsync($"e{i}", Inbound($"m{i}"), T0, default);
        }

        await S.Outbox.EnqueueAsync(Enumerable.Range(0, 60).Select(i => new OutboundMessage($"o{i}", "slack", "T", $"C{i}", null, null, RoundReplies.Notice("hi"))).ToList(), T0, default);
        var instances = Enumerable.Range(0, 4).Select(_ => Fixture.OpenInstance()).ToList();

        // Each "process" leases small batches until nothing is left; together they must take every row exactly once.
        var inbox = await Task.WhenAll(instances.Select(i => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await i.Inbox.LeaseAsync(5, T0, TimeSpan.FromMinutes(1), default) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(b => b.Id));
            }

            return mine;
        })));
        var outbox = await Task.WhenAll(instances.Select(i => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await i.Outbox.LeaseAsync(5, T0, TimeSpan.FromMinutes(1), default) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(b => b.Id));
            }

            return mine;
        })));

        Assert.Equal(60, inbox.SelectMany(x => x).Distinct().Count());
        Assert.Equal(60, inbox.Sum(x => x.Count));
        Assert.Equal(60, outbox.SelectMany(x => x).Distinct().Count());
        Assert.Equal(60, outbox.Sum(x => x.Count));
    }

    [StoreFact]
    public async Task The_outbox_retries_later_and_forgets_sent_and_refused_messages()
    {
        var message = new OutboundMessage("a", "slack", "T", "C1", null, null, RoundReplies.Notice("hi"));
        await S.Outbox.EnqueueAsync([message, message with { DedupeKey = "b" }, message with { DedupeKey = "a" }], T0, default);
        Assert.Equal(2, await S.Outbox.PendingCountAsync(default));

        var leased = await S.Outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default);
        Assert.Equal(["a", "b"], leased.Select(l => l.Message.DedupeKey));
        await S.Outbox.RetryLaterAsync(leased[0].Id, T0.AddSeconds(5), "429", default);
        await S.Outbox.MarkSentAsync(leased[1].Id, "123.456", T0, default);

        Assert.Empty(await S.Outbox.LeaseAsync(10, T0.AddSeconds(4), TimeSpan.FromMinutes(1), default));
        Assert.Equal(T0.AddSeconds(5), await S.Outbox.NextDueAsync(default));
        var retried = Assert.Single(await S.Outbox.LeaseAsync(10, T0.AddSeconds(5), TimeSpan.FromMinutes(1), default));
        Assert.Equal(1, retried.Attempts);
        // Leased: due again only when the lease is over.
        Assert.Equal(T0.AddSeconds(5).AddMinutes(1), await S.Outbox.NextDueAsync(default));
        await S.Outbox.ReleaseAsync(retried.Id, default);
        Assert.Equal(T0.AddSeconds(5), await S.Outbox.NextDueAsync(default));
        await S.Outbox.RefuseAsync(retried.Id, "channel_not_found", T0, default);
        Assert.Equal(0, await S.Outbox.PendingCountAsync(default));
        Assert.Null(await S.Outbox.NextDueAsync(default));
    }

    [StoreFact]
    public async Task A_message_given_up_is_no_longer_pending()
    {
        await S.Outbox.EnqueueAsync([new OutboundMessage("a", "slack", "T", "C1", null, null, RoundReplies.Notice("hi"))], T0, default);
        var item = Assert.Single(await S.Outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default));

        await S.Outbox.FailAsync(item.Id, "500 after 12 attempts", T0, default);

        Assert.Equal(0, await S.Outbox.PendingCountAsync(default));
        Assert.Empty(await S.Outbox.LeaseAsync(10, T0.AddHours(1), TimeSpan.FromMinutes(1), default));
        Assert.Equal(["failed"], await Fixture.StringsAsync("SELECT status FROM outbox;"));
    }

    [StoreFact]
    public async Task A_lease_is_extended_only_by_the_worker_that_still_holds_it()
    {
        await S.Outbox.EnqueueAsync([new OutboundMessage("a", "slack", "T", "C1", null, null, RoundReplies.Notice("hi"))], T0, default);
        var mine = Assert.Single(await S.Outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(2), default));
        Assert.Equal(T0.AddMinutes(2), mine.LeasedUntil);

        // Extended before it ran out: nobody else can take it until the new time.
        Assert.True(await S.Outbox.ExtendLeaseAsync(mine.Id, mine.LeasedUntil, T0.AddMinutes(5), default));
        Assert.Empty(await S.Outbox.LeaseAsync(10, T0.AddMinutes(3), TimeSpan.FromMinutes(2), default));

        // Once it ran out and another worker took it, the first worker's extension is refused.
        var theirs = Assert.Single(await S.Outbox.LeaseAsync(10, T0.AddMinutes(5), TimeSpan.FromMinutes(2), default));
        Assert.False(await S.Outbox.ExtendLeaseAsync(mine.Id, T0.AddMinutes(5), T0.AddMinutes(9), default));
        Assert.True(await S.Outbox.ExtendLeaseAsync(theirs.Id, theirs.LeasedUntil, T0.AddMinutes(9), default));
        await S.Outbox.MarkSentAsync(theirs.Id, "1.1", T0.AddMinutes(6), default);
        Assert.False(await S.Outbox.ExtendLeaseAsync(theirs.Id, T0.AddMinutes(9), T0.AddMinutes(12), default));
    }

    [StoreFact]
    public async Task A_lease_taken_at_a_time_finer_than_the_store_keeps_can_still_be_extended()
    {
        await S.Outbox.EnqueueAsync([new OutboundMessage("a", "slack", "T", "C1", null, null, RoundReplies.Notice("hi"))], T0, default);
        // A real clock's time has ticks (100 ns) that neither store keeps: the lease handed back is the stored one.
        var now = T0.AddTicks(1_234_567);
        var mine = Assert.Single(await S.Outbox.LeaseAsync(10, now, TimeSpan.FromMinutes(2), default));

        Assert.True(await S.Outbox.ExtendLeaseAsync(mine.Id, mine.LeasedUntil, now.AddMinutes(5), default));
    }

    // Retention

    [StoreFact]
    public async Task Retention_deletes_only_finished_rows_from_before_the_cutoff()
    {
        DateTimeOffset old = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), recent = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), cutoff = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        // Inbox: handled long ago, given up long ago, still pending from long ago, handled recently.
        await Handled("old-done", old);
        await S.Inbox.AcceptAsync("old-failed", Inbound("2"), old, default);
        await S.Inbox.FailAsync(Assert.Single(await S.Inbox.LeaseAsync(1, old, TimeSpan.FromMinutes(1), default)).Id, "boom", old, permanent: true, default);
        await Handled("recent-done", recent);
        await S.Inbox.AcceptAsync("old-pending", Inbound("3"), old, default);
        // Outbox: sent long ago, refused long ago, pending from long ago, sent recently. (The two handled events'
        // replies are in there too: one old and sent below, one recent.)
        foreach (var (key, at) in new[] { ("old-sent", old), ("old-refused", old), ("old-pending", old), ("recent-sent", recent) })
        {
            await S.Outbox.EnqueueAsync([new OutboundMessage(key, "slack", "T", "C1", null, null, RoundReplies.Notice(key))], at, default);
        }

        foreach (var item in await S.Outbox.LeaseAsync(10, recent, TimeSpan.FromMinutes(1), default))
        {
            await (item.Message.DedupeKey switch
            {
                "old-refused" => S.Outbox.RefuseAsync(item.Id, "channel_not_found", recent, default),
                "old-pending" => S.Outbox.RetryLaterAsync(item.Id, recent.AddHours(1), "429", default),
                _ => S.Outbox.MarkSentAsync(item.Id, "1.1", recent, default),
            });
        }

        var deleted = await S.Retention.DeleteFinishedAsync(cutoff, 100, default);

        Assert.Equal((2, 3), deleted);
        Assert.Equal(["old-pending", "recent-done"], await Fixture.StringsAsync("SELECT dedupe_key FROM inbox ORDER BY dedupe_key;"));
        Assert.Equal(["old-pending", "recent-done:reply", "recent-sent"], await Fixture.StringsAsync("SELECT dedupe_key FROM outbox ORDER BY dedupe_key;"));
        // The pending ones are still delivered as before.
        Assert.Equal(1, await S.Inbox.PendingCountAsync(default));
        Assert.Equal(1, await S.Outbox.PendingCountAsync(default));
    }

    [StoreFact]
    public async Task Retention_deletes_at_most_the_given_number_in_one_write()
    {
        var old = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await Handled($"e{i}", old);
        }

        var cutoff = old.AddDays(1);
        // Their replies are still waiting to be sent: they stay.
        Assert.Equal((2, 0), await S.Retention.DeleteFinishedAsync(cutoff, 2, default));
        Assert.Equal((2, 0), await S.Retention.DeleteFinishedAsync(cutoff, 2, default));
        Assert.Equal((1, 0), await S.Retention.DeleteFinishedAsync(cutoff, 2, default));
        Assert.Equal((0, 0), await S.Retention.DeleteFinishedAsync(cutoff, 2, default));
        Assert.Empty(await Fixture.StringsAsync("SELECT dedupe_key FROM inbox;"));
        Assert.Equal(5, (await Fixture.StringsAsync("SELECT dedupe_key FROM outbox;")).Count);
    }

    // Schedules and daily posts

    private static DailySchedule Schedule(string conversation = "C1", string team = "T1") =>
        new("slack", team, conversation, new TimeOnly(9, 0), "Europe/Berlin", ScheduleDays.Weekdays, "leadership", "U1", T0);

    [StoreFact]
    public async Task A_schedule_round_trips_and_is_due_once_its_time_comes()
    {
        await S.Schedules.SaveAsync(Schedule(), T0, default);

        Assert.Equal(Schedule(), await S.Schedules.GetAsync("slack", "C1", default));
        Assert.Empty(await S.Schedules.DueAsync(T0.AddSeconds(-1), 10, default));
        Assert.Equal((Schedule(), T0), Assert.Single(await S.Schedules.DueAsync(T0, 10, default)));

        await S.Schedules.AdvanceAsync("slack", "C1", T0, T0.AddDays(1), default);
        // Advanced already (by another process): this one's advance finds another due time and changes nothing.
        await S.Schedules.AdvanceAsync("slack", "C1", T0, T0.AddDays(7), default);
        Assert.Empty(await S.Schedules.DueAsync(T0.AddHours(1), 10, default));
        Assert.Single(await S.Schedules.DueAsync(T0.AddDays(1), 10, default));

        // Saved again (schedule daily …): replaced, not added.
        var changed = Schedule() with { LocalTime = new TimeOnly(10, 30), Topic = null, Days = ScheduleDays.EveryDay };
        await S.Schedules.SaveAsync(changed, T0.AddDays(2), default);
        Assert.Equal(changed, await S.Schedules.GetAsync("slack", "C1", default));
        Assert.Equal(T0.AddDays(2), Assert.Single(await S.Schedules.DueAsync(T0.AddDays(9), 10, default)).DueAt);
    }

    [StoreFact]
    public async Task Uninstalling_a_team_removes_its_schedules_only()
    {
        await S.Schedules.SaveAsync(Schedule("C1", "T1"), T0, default);
        await S.Schedules.SaveAsync(Schedule("C2", "T1"), T0, default);
        await S.Schedules.SaveAsync(Schedule("C3", "T2"), T0, default);

        Assert.Equal(2, await S.Schedules.DeleteTeamAsync("slack", "T1", default));
        Assert.Equal(["C3"], (await S.Schedules.DueAsync(T0, 10, default)).Select(d => d.Schedule.ConversationId));
        Assert.True(await S.Schedules.DeleteAsync("slack", "C3", default));
        Assert.False(await S.Schedules.DeleteAsync("slack", "C3", default));
    }

    [StoreFact]
    public async Task Processes_racing_for_the_same_post_claim_it_once()
    {
        var post = new DuePost(Schedule(), T0, new DateOnly(2026, 11, 30));
        var instances = Enumerable.Range(0, 8).Select(_ => Fixture.OpenInstance()).ToList();
        var results = await Task.WhenAll(instances.Select((instance, i) => Task.Run(() =>
        {
            var round = new Round($"round-{i}", "slack", "C1", null, "q1", null, null, T0);
            var question = new OutboundMessage("daily:slack:C1:2026-11-30", "slack", "T1", "C1", null, null, RoundReplies.Notice($"question from instance {i}"), round.Id);
            return instance.Schedules.ClaimPostAsync(post, round, question, T0, default);
        })));

        Assert.Equal(1, results.Count(r => r));
        var winner = Assert.Single(await S.Outbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default));
        Assert.Equal([winner.Message.RoundId!], await Fixture.StringsAsync("SELECT id FROM rounds;"));
        Assert.False(await S.Schedules.SkipPostAsync(post, T0, default));
        // The next day is another post.
        Assert.True(await S.Schedules.SkipPostAsync(post with { LocalDate = post.LocalDate.AddDays(1) }, T0, default));
    }

    [StoreFact]
    public async Task Days_off_are_kept_per_channel_once_each_and_unskip_removes_them()
    {
        DateOnly Day(int d) => new(2026, 12, d);

        Assert.Equal(3, await S.Schedules.AddDaysOffAsync("slack", "C1", [Day(24), Day(25), Day(26)], default));
        Assert.Equal(1, await S.Schedules.AddDaysOffAsync("slack", "C1", [Day(26), Day(31)], default));
        await S.Schedules.AddDaysOffAsync("teams", "C1", [Day(1)], default);

        Assert.Equal([Day(25), Day(26), Day(31)], await S.Schedules.DaysOffAsync("slack", "C1", Day(25), default));
        Assert.Empty(await S.Schedules.DaysOffAsync("slack", "C2", Day(1), default));
        Assert.Equal(2, await S.Schedules.RemoveDaysOffAsync("slack", "C1", [Day(24), Day(25), Day(30)], default));
        Assert.Equal([Day(26), Day(31)], await S.Schedules.DaysOffAsync("slack", "C1", Day(1), default));
        Assert.Equal([Day(1)], await S.Schedules.DaysOffAsync("teams", "C1", Day(1), default));
    }

    // Rounds: what only a database store does (the rest is in RoundStoreContractTests)

    [StoreFact]
    public async Task A_round_whose_summary_cannot_be_enqueued_stays_open()
    {
        await S.Rounds.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", null, null, T0), default);
        await Fixture.BreakOutboxInsertsAsync();
        var summary = new OutboundMessage("summary:r1", "slack", "", "C1", "T1", null, RoundReplies.Notice("Round closed"));

        await Assert.ThrowsAnyAsync<Exception>(() => S.Rounds.CloseWithSummaryAsync("r1", T0.AddHours(1), summary, default));

        Assert.Equal(RoundStatus.Open, (await S.Rounds.GetAsync("r1", default))!.Status);
    }

    [StoreFact]
    public async Task A_claimed_post_whose_question_cannot_be_enqueued_is_not_claimed()
    {
        var post = new DuePost(Schedule(), T0, new DateOnly(2026, 11, 30));
        await Fixture.BreakOutboxInsertsAsync();
        var round = new Round("r1", "slack", "C1", null, "q1", null, null, T0);

        await Assert.ThrowsAnyAsync<Exception>(() => S.Schedules.ClaimPostAsync(post, round, new OutboundMessage("daily", "slack", "T1", "C1", null, null, RoundReplies.Notice("q"), "r1"), T0, default));

        Assert.Null(await S.Rounds.GetAsync("r1", default));
        Assert.True(await S.Schedules.SkipPostAsync(post, T0, default));
    }

    // Channel settings and conversation addresses

    [StoreFact]
    public async Task A_channel_choice_is_kept_changed_and_others_keep_the_default()
    {
        await S.Settings.SaveAsync("slack", "C1", new ChannelSettings(PrivateFeedback: true), default);

        Assert.True((await Fixture.OpenInstance().Settings.GetAsync("slack", "C1", default)).PrivateFeedback);
        Assert.False((await S.Settings.GetAsync("slack", "C2", default)).PrivateFeedback);
        await S.Settings.SaveAsync("slack", "C1", new ChannelSettings(PrivateFeedback: false), default);
        Assert.False((await S.Settings.GetAsync("slack", "C1", default)).PrivateFeedback);
    }

    [StoreFact]
    public async Task A_reminder_length_round_trips_and_off_is_null()
    {
        await S.Settings.SaveAsync("slack", "C1", new ChannelSettings(RemindBefore: TimeSpan.FromMinutes(90)), default);
        await S.Settings.SaveAsync("slack", "C2", new ChannelSettings(PrivateFeedback: true), default);

        Assert.Equal(TimeSpan.FromMinutes(90), (await Fixture.OpenInstance().Settings.GetAsync("slack", "C1", default)).RemindBefore);
        Assert.Equal(new ChannelSettings(true, null), await S.Settings.GetAsync("slack", "C2", default));
        // Saved again (schedule remind off): the length goes, the other choice stays as given.
        await S.Settings.SaveAsync("slack", "C1", new ChannelSettings(PrivateFeedback: true, RemindBefore: null), default);
        Assert.Equal(new ChannelSettings(true, null), await S.Settings.GetAsync("slack", "C1", default));
    }

    [StoreFact]
    public async Task Replicas_share_the_example_rotation_of_a_conversation_and_pool_and_count_it_once_each()
    {
        var other = Fixture.OpenInstance();

        Assert.Equal(0, await S.Examples.NextAsync("slack", "C1", "leadership-1", default));
        Assert.Equal(1, await other.Examples.NextAsync("slack", "C1", "leadership-1", default));
        Assert.Equal(0, await other.Examples.NextAsync("slack", "C1", "conflict-1", default));
        Assert.Equal(0, await S.Examples.NextAsync("slack", "C2", "leadership-1", default));
        Assert.Equal(0, await S.Examples.NextAsync("teams", "C1", "leadership-1", default));
        // Asked at once on both: each showing gets its own number, none is lost or repeated.
        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? S : other).Examples.NextAsync("slack", "C1", "leadership-1", default)));
        Assert.Equal(Enumerable.Range(2, 10), counts.Order());
    }

    [StoreFact]
    public async Task An_address_is_replaced_when_saved_again_and_removing_a_team_deactivates_its_addresses_only()
    {
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "19:a", "team1", "{\"v\":1}", true, T0), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "19:a", "team1", "{\"v\":2}", true, T0.AddMinutes(1)), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "19:b", "team1", "{}", true, T0), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "19:c", "team2", "{}", true, T0), default);

        Assert.Equal(new ConversationAddress("teams", "19:a", "team1", "{\"v\":2}", true, T0.AddMinutes(1)), await S.Addresses.GetAsync("teams", "19:a", default));
        Assert.Equal(2, await S.Addresses.DeactivateTeamAsync("teams", "team1", T0.AddHours(1), default));
        Assert.Equal(0, await S.Addresses.DeactivateTeamAsync("teams", "team1", T0.AddHours(2), default));
        Assert.Equal((false, T0.AddHours(1)), await S.Addresses.GetAsync("teams", "19:b", default) is { } b ? (b.Active, b.UpdatedAt) : default);
        Assert.True((await S.Addresses.GetAsync("teams", "19:c", default))!.Active);
        Assert.Null(await S.Addresses.GetAsync("slack", "19:a", default));
    }

    // Personal data (forget me)

    [StoreFact]
    public async Task Forgetting_a_person_deletes_their_answers_and_handled_messages_and_leaves_everyone_else_alone()
    {
        await S.Rounds.CreateAsync(new Round("r1", "slack", "C1", "T1", "q1", "U-sam", "sam", T0), default);
        await S.Rounds.CreateAsync(new Round("r2", "slack", "C1", "T2", "q1", "U-alex", "alex", T0), default);
        await S.Rounds.CreateAsync(new Round("r3", "teams", "C1", "T3", "q1", "U-sam", "sam", T0), default);
        await S.Rounds.AddAnswerAsync(Answer("r1", "m1", "U-sam"), default);
        await S.Rounds.AddAnswerAsync(Answer("r2", "m2", "U-sam"), default);
        await S.Rounds.AddAnswerAsync(Answer("r2", "m3", "U-alex"), default);
        await S.Rounds.AddAnswerAsync(Answer("r3", "m4", "U-sam"), default);
        await S.Schedules.SaveAsync(new DailySchedule("slack", "W1", "C1", new TimeOnly(9, 0), "UTC", ScheduleDays.Weekdays, null, "U-sam", T0), T0, default);

        // sam's two handled messages, the one being handled now (the "forget me yes" itself), and alex's.
        await S.Inbox.AcceptAsync("e1", Said("U-sam", "my answer"), T0, default);
        await S.Inbox.AcceptAsync("e2", Said("U-sam", "feedback my other answer"), T0, default);
        await S.Inbox.AcceptAsync("e3", Said("U-alex", "alex's answer"), T0, default);
        foreach (var item in await S.Inbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default))
        {
            var reply = OutboundMessage.Answering(item.Inbound, RoundReplies.Notice("feedback quoting " + item.Inbound.Text, ReplyVisibility.Public), "reply:" + item.DedupeKey);
            foreach (var sent in await S.Inbox.CompleteAsync(item.Id, [reply], T0, T0.AddMinutes(1), default))
            {
                await S.Outbox.MarkSentAsync(sent.Id, "ts", T0, default);
            }
        }

        var forget = Said("U-sam", "forget me yes");
        await S.Inbox.AcceptAsync("e4", forget, T0, default);
        await S.Outbox.EnqueueAsync([new OutboundMessage("dm", "slack", "W1", "D1", null, "U-sam", RoundReplies.Notice("private to sam"), RequestedBy: "U-sam")], T0, default);

        var report = await S.PersonalData.ForgetAsync(forget, default);

        Assert.Equal(new ForgetReport(Answers: 2, RoundsStarted: 1, Schedules: 1, InboxEvents: 2, OutboxMessages: 3), report);
        Assert.Equal(["U-alex"], (await S.Rounds.AnswersAsync("r2", default)).Select(a => a.UserId));
        Assert.Empty(await S.Rounds.AnswersAsync("r1", default));
        Assert.Single(await S.Rounds.AnswersAsync("r3", default));
        Assert.Equal((null, null), ((await S.Rounds.GetAsync("r1", default))!.StarterUserId, (await S.Rounds.GetAsync("r1", default))!.StarterName));
        Assert.Equal("U-sam", (await S.Rounds.GetAsync("r3", default))!.StarterUserId);
        Assert.Equal("", (await S.Schedules.GetAsync("slack", "C1", default))!.CreatedBy);
        Assert.Equal(["e3", "e4"], await Fixture.StringsAsync("SELECT dedupe_key FROM inbox ORDER BY id;"));
        Assert.Equal(["reply:e3"], await Fixture.StringsAsync("SELECT dedupe_key FROM outbox ORDER BY id;"));
        Assert.Equal(new ForgetReport(0, 0, 0, 0, 0), await S.PersonalData.ForgetAsync(forget, default));
    }

    [StoreFact]
    public async Task Forgetting_a_person_deletes_their_messages_not_handled_yet_but_the_request_itself()
    {
        await S.Inbox.AcceptAsync("late", Said("U-sam", "my late answer"), T0, default);
        await S.Inbox.AcceptAsync("alex", Said("U-alex", "alex's answer"), T0, default);
        await S.Inbox.AcceptAsync("elsewhere", Said("U-sam", "sam on Teams") with { Platform = "teams" }, T0, default);
        var forget = Said("U-sam", "forget me yes");
        await S.Inbox.AcceptAsync("forget", forget, T0, default);
        // The request is being handled (leased) while it forgets; so might another of sam's be, by another worker.
        Assert.Equal(4, (await S.Inbox.LeaseAsync(10, T0, TimeSpan.FromMinutes(1), default)).Count);
        await S.Inbox.AcceptAsync("later", Said("U-sam", "one more"), T0, default);

        var report = await S.PersonalData.ForgetAsync(forget, default);

        Assert.Equal(2, report.InboxEvents);
        Assert.Equal(["alex", "elsewhere", "forget"], await Fixture.StringsAsync("SELECT dedupe_key FROM inbox ORDER BY id;"));
    }

    [StoreFact]
    public async Task Forgetting_a_person_deletes_public_replies_to_them_still_waiting_but_a_rounds_question_and_summary()
    {
        var sam = Said("U-sam", "my answer");
        var alex = Said("U-alex", "alex's answer");
        // One of them taken by the outbox worker already: it may still be sent, if the worker is quicker.
        await S.Outbox.EnqueueAsync([OutboundMessage.Answering(sam, RoundReplies.Notice("feedback, leased", ReplyVisibility.Public), "leased")], T0, default);
        Assert.Single(await S.Outbox.LeaseAsync(1, T0, TimeSpan.FromMinutes(2), default));
        await S.Outbox.EnqueueAsync(
        [
            OutboundMessage.Answering(sam, RoundReplies.Notice("feedback quoting my answer", ReplyVisibility.Public), "feedback"),
            OutboundMessage.Answering(sam, new Reply { Title = "Practice round", Kind = ReplyKind.Question, Placement = ReplyPlacement.NewPost, RoundId = "r1" }, "question"),
            OutboundMessage.Answering(sam, new Reply { Title = "Round closed", Kind = ReplyKind.Summary }, "summary"),
            OutboundMessage.Answering(alex, RoundReplies.Notice("feedback quoting alex's answer", ReplyVisibility.Public), "alex"),
        ], T0, default);
        var forget = Said("U-sam", "forget me yes");

        var report = await S.PersonalData.ForgetAsync(forget, default);

        Assert.Equal(2, report.OutboxMessages);
        Assert.Equal(["question", "summary", "alex"], await Fixture.StringsAsync("SELECT dedupe_key FROM outbox ORDER BY id;"));
    }

    [StoreFact]
    public async Task Forgetting_a_person_deletes_the_address_of_their_personal_chat_but_the_one_the_reply_goes_through()
    {
        static string Reference(string type, string id) => $$"""{"conversation":{"conversationType":"{{type}}","id":"{{id}}"},"user":null}""";
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "a:sam", "a:sam", Reference("personal", "a:sam"), true, T0), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "a:alex", "a:alex", Reference("personal", "a:alex"), true, T0), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "19:group", "19:group", Reference("groupChat", "19:group"), true, T0), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "19:channel", "team1", Reference("channel", "19:channel"), true, T0), default);
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "a:odd", "a:odd", "not json", true, T0), default);
        Inbound InTeams(string user, string conversation, bool direct) => Said(user, "hello") with { Platform = "teams", ConversationId = conversation, IsDirect = direct };
        foreach (var (key, said) in new[] { ("1", InTeams("U-sam", "a:sam", true)), ("2", InTeams("U-sam", "19:group", true)), ("3", InTeams("U-alex", "a:alex", true)), ("4", InTeams("U-sam", "a:odd", true)) })
        {
            await S.Inbox.AcceptAsync(key, said, T0, default);
        }

        // Asked in a channel: the reply goes there, and their personal chat's address goes.
        var inChannel = await S.PersonalData.ForgetAsync(InTeams("U-sam", "19:channel", false), default);

        Assert.Equal(1, inChannel.Chats);
        Assert.Null(await S.Addresses.GetAsync("teams", "a:sam", default));
        Assert.NotNull(await S.Addresses.GetAsync("teams", "a:alex", default));
        Assert.NotNull(await S.Addresses.GetAsync("teams", "19:group", default));
        Assert.NotNull(await S.Addresses.GetAsync("teams", "19:channel", default));
        Assert.NotNull(await S.Addresses.GetAsync("teams", "a:odd", default));

        // Asked in the personal chat itself: the reply is sent through its address, so that one stays.
        await S.Addresses.SaveAsync(new ConversationAddress("teams", "a:sam", "a:sam", Reference("personal", "a:sam"), true, T0), default);
        var forget = InTeams("U-sam", "a:sam", true);
        await S.Inbox.AcceptAsync("5", forget, T0, default);
        Assert.Equal(0, (await S.PersonalData.ForgetAsync(forget, default)).Chats);
        Assert.NotNull(await S.Addresses.GetAsync("teams", "a:sam", default));
    }

    private static RoundAnswer Answer(string round, string message, string user) =>
        new(round, message, user, user[2..], "an answer", Enum.GetValues<StarBot.Core.Content.StarPart>().ToDictionary(p => p, _ => PartStatus.Present), T0);

    private static Inbound Said(string user, string text) => new()
    {
        Platform = "slack",
        ConversationId = "C1",
        MessageId = Guid.NewGuid().ToString("n"),
        UserId = user,
        UserName = user[2..],
        Text = text,
        TeamId = "W1",
    };

    /// <summary>An event accepted, handled and its one reply stored (not leased), all at <paramref name="at"/>.</summary>
    private async Task Handled(string key, DateTimeOffset at)
    {
        await S.Inbox.AcceptAsync(key, Inbound(key), at, default);
        var item = Assert.Single(await S.Inbox.LeaseAsync(1, at, TimeSpan.FromMinutes(1), default));
        await S.Inbox.CompleteAsync(item.Id, [new OutboundMessage(key + ":reply", "slack", "T", "C1", null, null, RoundReplies.Notice("ok"))], at, at, default);
    }

    private static Inbound Inbound(string id) => new() { Platform = "slack", ConversationId = "C1", MessageId = id, UserId = "U1", UserName = "alex", Text = "help", IsMention = true };
}

public sealed class SqliteStoreContractTests : StoreContractTests<SqliteStoreFixture>;

[RequiresPostgres]
public sealed class PostgresStoreContractTests : StoreContractTests<PostgresStoreFixture>;
