using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StarBot.Testing;

namespace StarBot.Tests.Service;

public sealed class ServiceTests
{
    private const string AlexAnswer =
        "At my last company our payment API slowed to 500 ms at peak and customers complained. No team owned it, so I took the lead on fixing it. " +
        "I wrote a shared document with the impact, ran a daily standup with the three teams and proposed a phased fix. " +
        "P99 latency fell from 500 ms to 80 ms within two weeks, and I learned to share the data first.";

    [Fact]
    public async Task Health_and_readiness_report_the_store_content_and_scheduler()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);

        var health = await host.Http.GetAsync("/healthz");
        var ready = await host.Http.GetFromJsonAsync<JsonElement>("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("store").GetBoolean() && body.GetProperty("content").GetBoolean() && body.GetProperty("scheduler").GetBoolean());
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.True(File.Exists(host.DatabasePath));
    }

    [Fact]
    public async Task A_store_check_that_fails_makes_health_503_with_the_same_json()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform, configure: services =>
            services.PostConfigure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(o =>
                o.Registrations.Single(r => r.Name == "store").Factory = _ => new FailingCheck()));

        var health = await host.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("unhealthy", false, true), (body.GetProperty("status").GetString(), body.GetProperty("store").GetBoolean(), body.GetProperty("content").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/readyz")).StatusCode);
    }

    private sealed class FailingCheck : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
    {
        public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
            Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
            throw new IOException("disk I/O error");
    }

    [Fact]
    public async Task Forget_me_through_the_service_deletes_the_answers_and_the_stored_messages()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);
        await host.SayAsync("alex", "practice leadership", "m1");
        await platform.WaitForAsync(p => p.Count == 1);
        // The round learns its thread (P1) once the post is recorded as sent.
        await host.SettleAsync();
        await host.SayAsync("sam", AlexAnswer, "m2", thread: "P1", mention: false);
        await host.SayAsync("alex", AlexAnswer, "m3", thread: "P1", mention: false);
        await platform.WaitForAsync(p => p.Count == 3);
        await host.SettleAsync();

        await host.SayAsync("sam", "forget me yes", "m4");

        var posts = await platform.WaitForAsync(p => p.Count == 4);
        var text = posts[3].GetProperty("text").GetString()!;
        Assert.Contains("1 answer (your practice history), 1 message of yours and 1 reply to you", text, StringComparison.Ordinal);
        Assert.Equal(0L, await StoreProbe.CountAsync(host.DatabasePath, "SELECT COUNT(*) FROM round_answers WHERE user_id = 'U-sam';"));
        Assert.Equal(1L, await StoreProbe.CountAsync(host.DatabasePath, "SELECT COUNT(*) FROM round_answers WHERE user_id = 'U-alex';"));
    }

    [Fact]
    public async Task A_team_round_runs_through_the_service_from_question_to_summary()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);

        Assert.Equal(HttpStatusCode.OK, (await host.SayAsync("alex", "practice leadership", "m1")).StatusCode);
        var question = (await platform.WaitForAsync(p => p.Count == 1))[0];
        Assert.Equal("Practice round", question.Title());
        Assert.Null(question.Thread());

        // The question's post id (P1) is the round's thread.
        await host.SayAsync("alex", AlexAnswer, "m2", thread: "P1", mention: false);
        await host.SayAsync("sam", "We had a flaky deploy. We fixed it and it went fine.", "m3", thread: "P1", mention: false);
        await platform.WaitForAsync(p => p.Count == 3);
        await host.SayAsync("alex", "done", "m4", thread: "P1", mention: false);

        var posts = await platform.WaitForAsync(p => p.Count == 4);
        Assert.Equal("Practice round", posts[0].Title());
        Assert.Equal(["Feedback for alex", "Feedback for sam"], posts.Skip(1).Take(2).Select(p => p.Title()).Order());
        Assert.Equal("Round closed", posts[3].Title());
        Assert.All(posts.Skip(1), p => Assert.Equal("P1", p.Thread()));
        Assert.Contains("sam covered", posts[3].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_delivery_of_the_same_message_gets_one_reply()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);

        var first = await (await host.SayAsync("alex", "help", "same")).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await host.SayAsync("alex", "help", "same")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(first.GetProperty("accepted").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        // The second was refused before its ack, so once the first is handled and its reply delivered, nothing is left to answer.
        await host.SettleAsync();
        Assert.Single(platform.Posts);
    }

    [Theory]
    [InlineData("{not json", "not a JSON message")]
    [InlineData("{\"conversationId\":\"C1\"}", "are required")]
    public async Task A_malformed_message_is_a_400_with_the_reason(string body, string reason)
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);

        var response = await host.Http.PostAsync("/api/webhook/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "{\"conversationId\":\"C1\",\"messageId\":\"m1\",\"userId\":\"U1\",\"text\":\"help\"}", HttpStatusCode.UnsupportedMediaType, "application/json")]
    public async Task A_message_that_is_not_JSON_by_its_media_type_is_a_415_with_the_reason(string contentType, string body, HttpStatusCode status, string reason)
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var host = await ServiceHost.StartAsync(platform);

        var response = await host.Http.PostAsync("/api/webhook/messages", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_refused_with_429_is_retried_no_sooner_than_Retry_After_and_delivered_once()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        platform.Clock = clock;
        // Longer than the backoff the worker picks by itself after a first failure (1-2 s): a retry that ignored it shows.
        platform.RetryAfter = TimeSpan.FromSeconds(30);
        platform.Failures.Enqueue(429);
        platform.Failures.Enqueue(503);
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Scheduler:PollInterval"] = "00:10:00" });

        await host.SayAsync("alex", "topics", "m1");
        // After each refusal the clock goes to the moment the worker chose for the next attempt, and no further.
        for (var refusals = 1; refusals <= 2; refusals++)
        {
            clock.SetUtcNow(await host.WaitForRetryAsync(refusals));
        }

        var posts = await platform.WaitForAsync(p => p.Count == 1);
        await host.SettleAsync();
        var requests = platform.Requests.ToList();
        Assert.Equal([429, 503, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= platform.RetryAfter, $"retried {requests[1].At - requests[0].At} after the 429");
        Assert.Single(platform.Posts);
        Assert.Equal("Topics", posts[0].Title());
    }

    [Fact]
    public async Task A_daily_round_gets_its_reminder_in_its_thread_before_the_timeout_closes_it()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 59, 0, TimeSpan.Zero));
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Scheduler:RoundTimeout"] = "01:00:00" });
        await host.SayAsync("alex", "schedule daily 09:00 Europe/Berlin weekdays conflict", "m1");
        await host.SayAsync("alex", "schedule remind 15m", "m2");
        await platform.WaitForAsync(p => p.Count == 2);
        await host.WaitForOutboxEmptyAsync();

        clock.Advance(TimeSpan.FromMinutes(2)); // 08:01 UTC = 09:01 in Berlin
        await platform.WaitForAsync(p => p.Count == 3);
        await host.WaitForOutboxEmptyAsync();
        await host.SayAsync("sam", AlexAnswer, "m3", thread: "P3", mention: false);
        await platform.WaitForAsync(p => p.Count == 4);
        await host.WaitForOutboxEmptyAsync();

        clock.Advance(TimeSpan.FromMinutes(45)); // 08:46: 15 minutes before the round, opened at 08:01, closes
        var reminder = (await platform.WaitForAsync(p => p.Count == 5))[4];
        await host.WaitForOutboxEmptyAsync();
        clock.Advance(TimeSpan.FromMinutes(16));
        var summary = (await platform.WaitForAsync(p => p.Count == 6))[5];

        Assert.Equal(("Reminder", "P3"), (reminder.Title(), reminder.Thread()));
        Assert.Contains("1 person has answered", reminder.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Round closed", "P3"), (summary.Title(), summary.Thread()));
    }

    [Fact]
    public async Task A_daily_question_is_posted_once_opens_a_round_and_a_timed_out_round_posts_its_summary()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 59, 0, TimeSpan.Zero));
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Scheduler:RoundTimeout"] = "01:00:00" });

        await host.SayAsync("alex", "schedule daily 09:00 Europe/Berlin weekdays conflict", "m1");
        Assert.Contains("first is due Monday 30 November 2026 at 09:00", (await platform.WaitForAsync(p => p.Count == 1))[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        await host.WaitForOutboxEmptyAsync();

        clock.Advance(TimeSpan.FromMinutes(2)); // 08:01 UTC = 09:01 in Berlin
        var daily = (await platform.WaitForAsync(p => p.Count == 2))[1];
        await host.WaitForOutboxEmptyAsync();
        Assert.Equal("Practice round", daily.Title());
        Assert.Null(daily.Thread());

        // Nobody closes it; an hour later the timeout closes it in its thread (P2), once.
        await host.SayAsync("sam", AlexAnswer, "m2", thread: "P2", mention: false);
        await platform.WaitForAsync(p => p.Count == 3);
        await host.WaitForOutboxEmptyAsync();
        clock.Advance(TimeSpan.FromMinutes(61));
        var summary = (await platform.WaitForAsync(p => p.Count == 4))[3];
        Assert.Equal(("Round closed", "P2"), (summary.Title(), summary.Thread()));
        // Two more passes: the second starts after the pass that closed the round has ended, so it sees the round
        // closed; had it closed it again, the summary it queued would be delivered by the time the service settles.
        for (var pass = 0; pass < 2; pass++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await host.WaitForSchedulerPassAsync(clock.GetUtcNow());
        }

        await host.SettleAsync();
        Assert.Equal(4, platform.Posts.Count);
    }

    [Fact]
    public async Task Handled_events_and_delivered_replies_are_deleted_once_older_than_the_retention_period()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Storage:KeepMessagesFor"] = "1.00:00:00", ["Scheduler:PollInterval"] = "00:10:00" });

        await host.SayAsync("alex", "help", "m1");
        await platform.WaitForAsync(p => p.Count == 1);
        await host.WaitForOutboxEmptyAsync();
        Assert.Equal((1, 1), await RowsAsync(host.DatabasePath));

        // A second pair two hours younger: the pass that deletes the first (a day old) must keep it.
        clock.Advance(TimeSpan.FromHours(2));
        await host.SayAsync("alex", "help", "m2");
        await platform.WaitForAsync(p => p.Count == 2);
        await host.WaitForOutboxEmptyAsync();
        Assert.Equal((2, 2), await RowsAsync(host.DatabasePath));

        clock.Advance(TimeSpan.FromHours(23)); // the first pair is 25 hours old, the second 23
        Assert.Equal((1, 1), await WaitForRowsToChangeAsync((2, 2)));
        Assert.Equal(1, await StoreProbe.CountAsync(host.DatabasePath, "SELECT COUNT(*) FROM inbox WHERE dedupe_key LIKE '%m2';"));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal((0, 0), await WaitForRowsToChangeAsync((1, 1)));
        // Deleting the dedupe key does not stop the bot: a new message is answered as usual.
        await host.SayAsync("alex", "help", "m3");
        await platform.WaitForAsync(p => p.Count == 3);

        async Task<(long Inbox, long Outbox)> WaitForRowsToChangeAsync((long, long) from)
        {
            for (var i = 0; i < 200 && await RowsAsync(host.DatabasePath) == from; i++)
            {
                await Task.Delay(50);
            }

            return await RowsAsync(host.DatabasePath);
        }
    }

    private static async Task<(long Inbox, long Outbox)> RowsAsync(string databasePath)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM inbox), (SELECT COUNT(*) FROM outbox);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task A_persons_messages_are_answered_in_the_order_they_were_sent()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        // The channel's turns (one reply a second) set the order the replies go in, on a clock that only moves when told.
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Outbox:ChannelInterval"] = "00:00:01", ["Scheduler:PollInterval"] = "00:10:00" });
        string[] said = ["help", "topics", "history", "topics", "help", "history", "help", "topics"];
        // Stored together, as an adapter stores them, before the worker looks: they are handled as one batch.
        var inbox = host.App.Services.GetRequiredService<Core.Messaging.IInbox>();
        for (var i = 0; i < said.Length; i++)
        {
            var inbound = new Core.Conversation.Inbound { Platform = "webhook", ConversationId = "C1", MessageId = $"m{i}", UserId = "U-alex", UserName = "alex", Text = said[i], IsMention = true };
            Assert.True(await inbox.AcceptAsync($"webhook:C1:m{i}", inbound, clock.GetUtcNow(), default));
        }

        host.App.Services.GetRequiredService<Core.Messaging.IInboxSignal>().Signal();

        // The next turn comes only once the last reply is in: turns set when a send starts, not when it lands.
        for (var sent = 1; sent <= said.Length; sent++)
        {
            await platform.WaitForAsync(p => p.Count >= sent);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var titles = platform.Posts.Select(p => p.Title()).ToList();
        var expected = new Dictionary<string, string> { ["help"] = "StarBot", ["topics"] = "Topics", ["history"] = titles[2] };
        Assert.NotEqual("StarBot", titles[2]);
        Assert.NotEqual("Topics", titles[2]);
        Assert.Equal(said.Select(s => expected[s]), titles);
    }

    [Fact]
    public async Task A_platform_slow_to_answer_does_not_hold_up_handling_the_next_events()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // One send at a time, and the platform sits on the first: every other reply must wait for it.
        await using var host = await ServiceHost.StartAsync(platform, new() { ["Outbox:Concurrency"] = "1", ["Outbox:ChannelInterval"] = "00:00:00" });
        await host.SayAsync("alex", "help", "m1", conversation: "C1");
        for (var i = 0; i < 100 && platform.Held == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, platform.Held);
        await host.SayAsync("sam", "topics", "m2", conversation: "C2");
        await host.SayAsync("kim", "help", "m3", conversation: "C3");

        // Both are handled (their replies stored) while the first reply is still at the platform.
        var inbox = host.App.Services.GetRequiredService<Core.Messaging.IInbox>();
        for (var i = 0; i < 100 && await inbox.PendingCountAsync(default) > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, await inbox.PendingCountAsync(default));
        Assert.Empty(platform.Posts);
        platform.Hold.SetResult();
        await platform.WaitForAsync(p => p.Count == 3);
    }

    [Fact]
    public async Task A_backlog_in_one_channel_longer_than_the_lease_is_still_sent_once_each()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        // One message per 5 s in the channel: the 40th is due 195 s on, well past the 2-minute lease taken at once.
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Outbox:ChannelInterval"] = "00:00:05", ["Scheduler:PollInterval"] = "00:10:00" });
        var messages = Enumerable.Range(1, 40)
            .Select(i => new Core.Messaging.OutboundMessage($"backlog:{i}", "webhook", "", "C-busy", null, null, Core.Replies.RoundReplies.Notice($"note {i}")))
            .ToList();
        await host.App.Services.GetRequiredService<Core.Messaging.IOutbox>().EnqueueAsync(messages, clock.GetUtcNow(), default);
        host.App.Services.GetRequiredService<Core.Messaging.IOutboxSignal>().Signal();

        for (var step = 0; step < 60 && platform.Posts.Count < 40; step++)
        {
            await Task.Delay(100);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        await platform.WaitForAsync(p => p.Count >= 40);
        // A second copy would be a message leased again once its first lease ran out (at 2 minutes), taking a turn
        // in the channel after the 40th. A marker queued now takes its turn after any such copy: once the marker is
        // posted and the outbox settled, every copy there was has gone.
        await host.App.Services.GetRequiredService<Core.Messaging.IOutbox>().EnqueueAsync(
            [new Core.Messaging.OutboundMessage("backlog:marker", "webhook", "", "C-busy", null, null, Core.Replies.RoundReplies.Notice("marker"))], clock.GetUtcNow(), default);
        host.App.Services.GetRequiredService<Core.Messaging.IOutboxSignal>().Signal();
        for (var step = 0; step < 100 && !platform.Posts.Any(p => p.GetProperty("text").GetString()!.Contains("marker", StringComparison.Ordinal)); step++)
        {
            await Task.Delay(100);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        await platform.WaitForAsync(p => p.Any(p => p.GetProperty("text").GetString()!.Contains("marker", StringComparison.Ordinal)));
        await host.SettleAsync();
        var texts = platform.Posts.Select(p => p.GetProperty("text").GetString()).ToList();
        Assert.Equal(41, texts.Count);
        Assert.Equal(41, texts.Distinct().Count());
        Assert.Contains("marker", texts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_channel_keeps_its_order_and_does_not_hold_up_other_channels()
    {
        await using var platform = await FakePlatform.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        // Fewer send slots than queued messages: waiting for a busy channel's turn must not take one.
        await using var host = await ServiceHost.StartAsync(platform, clock, new() { ["Outbox:ChannelInterval"] = "00:00:01", ["Outbox:Concurrency"] = "8", ["Scheduler:PollInterval"] = "00:10:00" });
        var outbox = host.App.Services.GetRequiredService<Core.Messaging.IOutbox>();
        await outbox.EnqueueAsync([.. Enumerable.Range(1, 30).Select(i => Message($"busy:{i}", "C-busy"))], clock.GetUtcNow(), default);
        await outbox.EnqueueAsync([Message("other", "C-other")], clock.GetUtcNow(), default);
        host.App.Services.GetRequiredService<Core.Messaging.IOutboxSignal>().Signal();

        for (var step = 0; step < 60 && platform.Posts.Count < 31; step++)
        {
            await Task.Delay(50);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var texts = (await platform.WaitForAsync(p => p.Count == 31))
            .Select(p => System.Text.RegularExpressions.Regex.Match(p.GetProperty("text").GetString()!, @"busy:\d+|other").Value)
            .ToList();
        // The other channel's message went at once, not after the busy channel's 30 seconds of turns.
        Assert.InRange(texts.IndexOf("other"), 0, 2);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"busy:{i}"), texts.Where(t => t != "other"));

        static Core.Messaging.OutboundMessage Message(string text, string channel) =>
            new(text, "webhook", "", channel, null, null, Core.Replies.RoundReplies.Notice(text));
    }
}

