using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;
using StarBot.Testing;

namespace StarBot.Core.Tests.Scheduling;

public sealed class ScheduleParserTests
{
    [Theory]
    [InlineData("daily 09:00 Europe/Berlin", 9, 0, "Europe/Berlin", ScheduleDays.Weekdays, null)]
    [InlineData("daily 9:05 UTC every day", 9, 5, "UTC", ScheduleDays.EveryDay, null)]
    [InlineData("daily 17:30 America/New_York weekdays conflict at work", 17, 30, "America/New_York", ScheduleDays.Weekdays, "conflict at work")]
    [InlineData("daily 00:00 Asia/Tokyo everyday leadership", 0, 0, "Asia/Tokyo", ScheduleDays.EveryDay, "leadership")]
    // No zone: the asker's is taken.
    [InlineData("daily 09:00", 9, 0, null, ScheduleDays.Weekdays, null)]
    [InlineData("daily 09:00 every day leadership", 9, 0, null, ScheduleDays.EveryDay, "leadership")]
    [InlineData("daily 09:00 conflict at work", 9, 0, null, ScheduleDays.Weekdays, "conflict at work")]
    public void Valid_schedules_are_read(string text, int hour, int minute, string? zone, ScheduleDays days, string? topic)
    {
        var set = Assert.IsType<ScheduleRequest.Set>(ScheduleParser.Parse(text));

        Assert.Equal((new TimeOnly(hour, minute), days, topic), (set.Time, set.Days, set.Topic));
        Assert.Equal(zone, set.Zone?.Id);
    }

    [Theory]
    [InlineData("daily 25:00 Mars/Olympus", "\"25:00\" is not a time")]
    [InlineData("daily 09:00 Mars/Olympus", "\"Mars/Olympus\" is not a time zone")]
    [InlineData("daily 9am Europe/Berlin", "\"9am\" is not a time")]
    [InlineData("daily 09:00 CET", "\"CET\" is not a time zone")]
    [InlineData("daily 09:00 Berlin weekdays", "\"Berlin\" is not a time zone I know: did you mean Europe/Berlin?")]
    [InlineData("daily 09:00 new_york", "did you mean America/New_York?")]
    [InlineData("daily", "needs a time")]
    [InlineData("weekly 09:00 UTC", "I don't know \"schedule weekly\"")]
    [InlineData("", "Tell me when")]
    public void Invalid_schedules_are_refused_with_the_reason_and_an_example_that_works(string text, string reason)
    {
        var invalid = Assert.IsType<ScheduleRequest.Invalid>(ScheduleParser.Parse(text));

        Assert.Contains(reason, invalid.Problem, StringComparison.Ordinal);
        Assert.EndsWith("For example: " + ScheduleParser.Example, invalid.Problem, StringComparison.Ordinal);
        Assert.IsType<ScheduleRequest.Set>(ScheduleParser.Parse(ScheduleParser.Example["schedule ".Length..]));
    }
}

/// <summary>The daily poster driven by a fake clock across DST transitions, on the in-memory stores.</summary>
public sealed class DailyQuestionPosterTests
{
    private static readonly ContentLibrary Library = ContentLoader.Load(RepoPaths.Content).OrThrow();

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryOutbox _outbox = new();
    private readonly InMemoryRoundStore _rounds;
    private readonly InMemoryScheduleStore _schedules;
    private readonly InMemoryChannelSettingsStore _settings = new();
    private readonly Coach _coach;
    private readonly DailyQuestionPoster _poster;
    private readonly RoundReminder _reminder;

    public DailyQuestionPosterTests()
    {
        _rounds = new InMemoryRoundStore(_outbox);
        _schedules = new InMemoryScheduleStore(_rounds, _outbox);
        _coach = new Coach(Library, new StarAnalyzer(), _rounds, _schedules, _settings, _time);
        _poster = new DailyQuestionPoster(_coach, _schedules, _time, NullLogger<DailyQuestionPoster>.Instance, TimeSpan.FromHours(2));
        _reminder = new RoundReminder(_rounds, _time, NullLogger<RoundReminder>.Instance, new CoachOptions().RoundTimeout);
    }

    [Theory]
    // Spring forward: 02:30 does not exist on that day; the post comes at the first valid instant, once.
    [InlineData("Europe/Berlin", "2027-03-26", "02:30", 5)]
    [InlineData("America/New_York", "2027-03-12", "02:30", 5)]
    // Fall back: 02:30 happens twice; the post comes once.
    [InlineData("Europe/Berlin", "2026-10-23", "02:30", 5)]
    [InlineData("America/New_York", "2026-10-30", "01:30", 5)]
    // An ordinary time across both transitions.
    [InlineData("Europe/Berlin", "2027-03-26", "09:00", 5)]
    [InlineData("America/New_York", "2026-10-30", "09:00", 5)]
    public async Task Across_a_DST_transition_every_day_gets_exactly_one_post(string zone, string startDate, string time, int days)
    {
        var start = DateOnly.Parse(startDate, System.Globalization.CultureInfo.InvariantCulture);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        _time.SetUtcNow(new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), tz.GetUtcOffset(start.ToDateTime(TimeOnly.MinValue))).ToUniversalTime());
        await Say($"schedule daily {time} {zone} every day");

        var posted = new List<DateTimeOffset>();
        var end = _time.GetUtcNow().AddDays(days);
        while (_time.GetUtcNow() < end)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            var before = await _outbox.PendingCountAsync(default);
            await _poster.RunDueAsync(default);
            if (await _outbox.PendingCountAsync(default) > before)
            {
                posted.Add(_time.GetUtcNow());
            }
        }

        var localDays = posted.Select(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p, tz).DateTime)).ToList();
        Assert.Equal(days, posted.Count);
        Assert.Equal(localDays.Distinct(), localDays);
        var wanted = TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(posted, p =>
        {
            var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(p, tz).DateTime);
            // Within the 10-minute tick of the wanted time, or of the first valid instant after a skipped one.
            Assert.True(local >= wanted && local < wanted.AddMinutes(70), $"posted at {local} local");
        });
    }

    [Fact]
    public async Task Weekdays_skip_the_weekend()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero)); // a Friday
        await Say("schedule daily 09:00 UTC weekdays");

        var posted = new List<DayOfWeek>();
        for (var i = 0; i < 24 * 7; i++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            if (await _poster.RunDueAsync(default) > 0)
            {
                posted.Add(_time.GetUtcNow().DayOfWeek);
            }
        }

        Assert.Equal([DayOfWeek.Friday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], posted);
    }

    [Fact]
    public async Task A_schedule_in_a_time_zone_this_host_does_not_know_is_skipped_and_the_other_due_schedules_are_posted()
    {
        var now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        _time.SetUtcNow(now);
        // Saved by a host whose time zone data knew the zone; this one does not. It is due first.
        await _schedules.SaveAsync(new DailySchedule("terminal", "", "c-mars", new TimeOnly(9, 0), "Mars/Olympus_Mons", ScheduleDays.EveryDay, null, "you", now), now.AddMinutes(-1), default);
        await _schedules.SaveAsync(new DailySchedule("terminal", "", "c-utc", new TimeOnly(9, 0), "UTC", ScheduleDays.EveryDay, null, "you", now), now, default);

        Assert.Equal(1, await _poster.RunDueAsync(default));
        Assert.Equal(0, await _poster.RunDueAsync(default));

        var posted = Assert.Single(await _outbox.LeaseAsync(10, now, TimeSpan.FromMinutes(1), default));
        Assert.Equal("c-utc", posted.Message.ConversationId);
        // Looked at again a day later (the zone may be known by then), not on every tick.
        Assert.Equal(now.AddDays(1), (await _schedules.DueAsync(now.AddDays(2), 10, default)).Single(d => d.Schedule.ConversationId == "c-mars").DueAt);
    }

    [Fact]
    public async Task A_post_missed_within_the_grace_period_is_sent_late_and_an_older_one_is_skipped()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)); // a Monday
        await Say("schedule daily 09:00 UTC weekdays");

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 10, 30, 0, TimeSpan.Zero)); // down until 90 minutes late
        Assert.Equal(1, await _poster.RunDueAsync(default));

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)); // three hours late: skipped
        Assert.Equal(0, await _poster.RunDueAsync(default));
        Assert.Equal(1, await _outbox.PendingCountAsync(default));

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)); // and the next day as usual
        Assert.Equal(1, await _poster.RunDueAsync(default));
    }

    [Fact]
    public async Task The_daily_post_opens_a_round_anyone_may_close_with_no_repeats_until_the_topic_is_used_up()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await Say("schedule daily 09:00 UTC every day ownership");
        var questions = new List<string>();
        var count = Library.QuestionsIn("ownership").Count();
        _time.Advance(TimeSpan.FromHours(1));
        for (var day = 0; day < count; day++)
        {
            await _poster.RunDueAsync(default);
            _time.Advance(TimeSpan.FromDays(1));
        }

        var messages = await _outbox.LeaseAsync(100, _time.GetUtcNow(), TimeSpan.FromMinutes(1), default);
        Assert.Equal(count, messages.Count);
        foreach (var message in messages)
        {
            Assert.Equal(ReplyPlacement.NewPost, message.Message.Reply.Placement);
            var round = await _rounds.GetAsync(message.Message.RoundId!, default);
            Assert.Null(round!.StarterUserId);
            questions.Add(round.QuestionId);
        }

        Assert.Equal(count, questions.Distinct().Count());
        Assert.All(questions, q => Assert.Equal("ownership", Library.FindQuestion(q)!.CompetencyId));
    }

    [Fact]
    public async Task Schedule_commands_show_next_and_off()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)); // Saturday
        var set = await Say("schedule daily 09:00 Europe/Berlin weekdays leadership");
        var show = await Say("schedule show");
        var next = await Say("schedule next");
        var badTopic = await Say("schedule daily 09:00 UTC zebras");
        var off = await Say("schedule off");
        var showAfter = await Say("schedule show");

        Assert.Contains("first is due Monday 30 November 2026 at 09:00 Europe/Berlin", set, StringComparison.Ordinal);
        Assert.Contains("09:00 Europe/Berlin, weekdays (Monday to Friday), topic: leadership", show, StringComparison.Ordinal);
        Assert.Contains("due Monday 30 November 2026 at 09:00 Europe/Berlin", next, StringComparison.Ordinal);
        Assert.Contains("no questions on \"zebras\"", badTopic, StringComparison.Ordinal);
        Assert.Contains("is off", off, StringComparison.Ordinal);
        Assert.Contains("no question of the day here", showAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipped_dates_get_no_daily_question_and_next_accounts_for_them()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 22, 8, 0, 0, TimeSpan.Zero)); // a Tuesday
        await Say("schedule daily 09:00 Europe/Berlin every day");
        var range = await Say("schedule skip 2026-12-24..2027-01-02");
        var single = await Say("schedule skip 2026-12-31");
        var listed = await Say("schedule skips");
        var unskipped = await Say("schedule unskip 2026-12-26");
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 23, 10, 0, 0, TimeSpan.Zero));
        var next = await Say("schedule next");

        Assert.Contains("no question of the day here on 2026-12-24..2027-01-02 (10 days)", range, StringComparison.Ordinal);
        Assert.Contains("2026-12-31 was already a day off", single, StringComparison.Ordinal);
        Assert.Contains("2026-12-24..2027-01-02", listed, StringComparison.Ordinal);
        Assert.Contains("2026-12-26 is a working day again", unskipped, StringComparison.Ordinal);
        Assert.Contains("due Saturday 26 December 2026 at 09:00 Europe/Berlin", next, StringComparison.Ordinal);

        var posted = new List<DateOnly>();
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        while (_time.GetUtcNow() < new DateTimeOffset(2027, 1, 5, 0, 0, 0, TimeSpan.Zero))
        {
            _time.Advance(TimeSpan.FromHours(1));
            if (await _poster.RunDueAsync(default) > 0)
            {
                posted.Add(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), berlin).DateTime));
            }
        }

        Assert.Equal([new DateOnly(2026, 12, 26), new DateOnly(2027, 1, 3), new DateOnly(2027, 1, 4)], posted);
    }

    [Fact]
    public async Task Days_off_can_be_set_before_a_schedule_and_listing_shows_only_those_to_come()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 22, 8, 0, 0, TimeSpan.Zero));
        var none = await Say("schedule skips");
        await Say("schedule skip 2026-12-22");
        await Say("schedule skip 2026-12-28..2026-12-29");
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 24, 8, 0, 0, TimeSpan.Zero));
        var listed = await Say("schedule skips");
        var notThere = await Say("schedule unskip 2027-02-01");

        Assert.Contains("no days off", none, StringComparison.Ordinal);
        Assert.Contains("2026-12-28..2026-12-29", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-22", listed, StringComparison.Ordinal);
        Assert.Contains("2027-02-01 was not a day off", notThere, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schedule skip", "Which dates")]
    [InlineData("schedule skip tomorrow", "\"tomorrow\" is not a date")]
    [InlineData("schedule skip 2026-02-30", "\"2026-02-30\" is not a date")]
    [InlineData("schedule skip 24/12/2026", "\"24/12/2026\" is not a date")]
    [InlineData("schedule skip 2026-12-24..2026-12-20", "ends (2026-12-20) before it starts (2026-12-24)")]
    [InlineData("schedule skip 2026-12-24..", "\"\" is not a date")]
    [InlineData("schedule skip 2026-12-24..2028-01-01", "at most 366 days")]
    [InlineData("schedule skip 2026-11-01", "2026-11-01 is in the past")]
    [InlineData("schedule skip 2026-12-24 2026-12-25", "one date or one range")]
    [InlineData("schedule unskip 2026-13-01", "\"2026-13-01\" is not a date")]
    public async Task Bad_dates_and_ranges_are_refused_saying_what_is_wrong(string command, string problem)
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

        var reply = (await _coach.HandleAsync(Message(command), default)).Single();

        Assert.Equal(ReplyKind.Error, reply.Kind);
        Assert.Contains(problem, Text(reply), StringComparison.Ordinal);
        Assert.Contains("schedule skip 2026-12-24..2027-01-02", Text(reply), StringComparison.Ordinal);
        Assert.Contains("no days off", await Say("schedule skips"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_without_a_zone_takes_the_zone_the_message_carries_and_says_so()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)); // Saturday

        var reply = Text((await _coach.HandleAsync(Message("schedule daily 09:00 weekdays") with { UserTimeZone = "America/New_York" }, default)).Single());

        Assert.Contains("I took your time zone, America/New_York", reply, StringComparison.Ordinal);
        Assert.Contains("first is due Monday 30 November 2026 at 09:00 America/New_York", reply, StringComparison.Ordinal);
        Assert.Equal("America/New_York", (await _schedules.GetAsync("slack", "C0PRACTICE", default))!.TimeZoneId);
    }

    [Fact]
    public async Task Where_messages_carry_no_zone_the_platforms_lookup_is_asked_only_when_the_command_names_none()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var lookup = new FakeLookup("Asia/Tokyo");
        var coach = new Coach(Library, new StarAnalyzer(), _rounds, _schedules, new InMemoryChannelSettingsStore(), _time, timeZones: [lookup]);

        var named = Text((await coach.HandleAsync(Message("schedule daily 08:00 Europe/Berlin"), default)).Single());
        Assert.Empty(lookup.Asked);
        var taken = Text((await coach.HandleAsync(Message("schedule daily 09:00 every day"), default)).Single());

        Assert.DoesNotContain("I took your time zone", named, StringComparison.Ordinal);
        Assert.Equal([("T-acme", "U-alex")], lookup.Asked);
        Assert.Contains("I took your time zone, Asia/Tokyo", taken, StringComparison.Ordinal);
        Assert.Equal(("Asia/Tokyo", ScheduleDays.EveryDay), ((await _schedules.GetAsync("slack", "C0PRACTICE", default))!.TimeZoneId, (await _schedules.GetAsync("slack", "C0PRACTICE", default))!.Days));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData("Mars/Olympus_Mons", true)]
    public async Task When_the_askers_zone_cannot_be_found_it_is_asked_for_and_nothing_is_saved(string? found, bool withLookup)
    {
        var coach = new Coach(Library, new StarAnalyzer(), _rounds, _schedules, new InMemoryChannelSettingsStore(), _time, timeZones: withLookup ? [new FakeLookup(found)] : null);

        var reply = (await coach.HandleAsync(Message("schedule daily 09:00 every day leadership"), default)).Single();

        Assert.Equal(ReplyKind.Error, reply.Kind);
        Assert.Contains("Which time zone should 09:00 be in?", Text(reply), StringComparison.Ordinal);
        Assert.Contains("schedule daily 09:00 Europe/Berlin every day leadership", Text(reply), StringComparison.Ordinal);
        Assert.Null(await _schedules.GetAsync("slack", "C0PRACTICE", default));
    }

    private sealed class FakeLookup(string? zone) : IUserTimeZoneLookup
    {
        public List<(string Team, string User)> Asked { get; } = [];

        public string Platform => "slack";

        public Task<string?> FindAsync(string teamId, string userId, CancellationToken cancellationToken)
        {
            Asked.Add((teamId, userId));
            return Task.FromResult(zone);
        }
    }

    [Fact]
    public async Task A_reminder_comes_once_that_long_before_the_daily_round_closes_counting_who_answered_and_naming_nobody()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await Say("schedule daily 09:00 UTC every day");
        var set = await Say("schedule remind 2h");
        var shown = await Say("schedule show");
        var round = await PostDailyAsync("T-day1");
        await AnswerAsync("sam", "T-day1");
        await AnswerAsync("kim", "T-day1");
        await AnswerAsync("sam", "T-day1");

        // The round closes 24 hours after the question (09:00 the next day): the reminder is due at 07:00.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 6, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await _reminder.RunDueAsync(default));
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await _reminder.RunDueAsync(default));
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await _reminder.RunDueAsync(default));

        var reminder = Assert.Single(await Pending(), m => m.DedupeKey.StartsWith("remind:", StringComparison.Ordinal));
        var text = Text(reminder.Reply);
        Assert.Contains("reminder 2 hours before", set, StringComparison.Ordinal);
        Assert.Contains("reminder 2 hours before the round closes", shown, StringComparison.Ordinal);
        Assert.Equal(("T-day1", ReplyVisibility.Public, round.Id), (reminder.ThreadId, reminder.Reply.Visibility, round.Id));
        Assert.Contains("2 people have answered", text, StringComparison.Ordinal);
        Assert.Contains("closes in about 2 hours", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sam", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("kim", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<@", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_reminder_when_reminders_are_off_or_nobody_can_still_answer()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await Say("schedule daily 09:00 UTC every day");
        var off = await PostDailyAsync("T-off");
        await Say("schedule remind 1h");
        await Say("schedule remind off");
        var afterOff = await PostDailyAsync("T-off2");
        await Say("schedule remind 1h");
        var closedEarly = await PostDailyAsync("T-closed");
        await _coach.HandleAsync(Message("done") with { ThreadId = "T-closed" }, default);
        var unposted = await PostDailyAsync(thread: null);

        // A question whose post never opened a thread: nobody can answer it, so there is nothing to remind of.
        _time.SetUtcNow(unposted.RemindAt!.Value);
        Assert.Equal(0, await _reminder.RunDueAsync(default));

        // The scheduler was down from before this reminder was due until after the round would have closed.
        var missed = await PostDailyAsync("T-missed");
        _time.SetUtcNow(missed.OpenedAt + TimeSpan.FromHours(24));
        Assert.Equal(0, await _reminder.RunDueAsync(default));

        Assert.DoesNotContain(await Pending(), m => m.DedupeKey.StartsWith("remind:", StringComparison.Ordinal));
        Assert.All(new[] { off, afterOff }, r => Assert.Null(r.RemindAt));
        Assert.NotNull(closedEarly.RemindAt);
        Assert.NotNull(unposted.RemindAt);
    }

    [Theory]
    [InlineData("schedule remind", "How long before")]
    [InlineData("schedule remind soon", "\"soon\" is not a length of time")]
    [InlineData("schedule remind 0m", "at least a minute")]
    [InlineData("schedule remind 24h", "Daily rounds close 24 hours after the question")]
    [InlineData("schedule remind 2 days", "\"2 days\" is not a length of time")]
    public async Task Bad_reminder_lengths_are_refused_saying_what_is_wrong(string command, string problem)
    {
        var reply = (await _coach.HandleAsync(Message(command), default)).Single();

        Assert.Equal(ReplyKind.Error, reply.Kind);
        Assert.Contains(problem, Text(reply), StringComparison.Ordinal);
        Assert.Contains("schedule remind 2h", Text(reply), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2h", 120)]
    [InlineData("90m", 90)]
    [InlineData("1h30m", 90)]
    [InlineData("1h 30m", 90)]
    [InlineData("3 hours", 180)]
    [InlineData("45 minutes", 45)]
    public async Task Reminder_lengths_may_be_written_in_hours_and_minutes(string length, int minutes)
    {
        await Say("schedule remind " + length);

        Assert.Equal(TimeSpan.FromMinutes(minutes), (await _settings.GetAsync("slack", "C0PRACTICE", default)).RemindBefore);
    }

    /// <summary>Posts the day's question as the poster does (at the schedule's next time) and attaches its thread.</summary>
    private async Task<Round> PostDailyAsync(string? thread)
    {
        var due = (await _schedules.DueAsync(DateTimeOffset.MaxValue, 1, default)).Single().DueAt;
        if (_time.GetUtcNow() < due)
        {
            _time.SetUtcNow(due);
        }

        Assert.Equal(1, await _poster.RunDueAsync(default));
        var posted = (await Pending()).Last(m => m.RoundId is not null);
        if (thread is not null)
        {
            await _coach.AttachThreadAsync(posted.RoundId!, thread, default);
        }

        return (await _rounds.GetAsync(posted.RoundId!, default))!;
    }

    private Task AnswerAsync(string user, string thread) => _coach.HandleAsync(Message(
        "We had flaky deploys every Friday, so I added a canary stage and a rollback button; failures dropped from 9 a month to 1.") with
    { ThreadId = thread, UserId = "U-" + user, UserName = user, IsMention = false }, default);

    /// <summary>Everything waiting in the outbox, oldest first (a lease of no length at the end of time takes nothing away).</summary>
    private async Task<List<OutboundMessage>> Pending() =>
        [.. (await _outbox.LeaseAsync(1000, DateTimeOffset.MaxValue, TimeSpan.Zero, default)).Select(i => i.Message)];

    [Fact]
    public async Task An_admin_list_narrows_who_may_change_a_schedule()
    {
        var coach = new Coach(Library, new StarAnalyzer(), _rounds, _schedules, new InMemoryChannelSettingsStore(), _time, new CoachOptions { ScheduleAdmins = new HashSet<string> { "U-boss" } });

        var refused = await coach.HandleAsync(Message("schedule daily 09:00 UTC"), default);
        var shown = await coach.HandleAsync(Message("schedule show"), default);
        var skip = await coach.HandleAsync(Message("schedule skip 2026-12-24"), default);
        var skips = await coach.HandleAsync(Message("schedule skips"), default);

        Assert.Contains("Only this workspace's StarBot admins", Text(refused.Single()), StringComparison.Ordinal);
        Assert.Contains("no question of the day", Text(shown.Single()), StringComparison.Ordinal);
        Assert.Contains("Only this workspace's StarBot admins", Text(skip.Single()), StringComparison.Ordinal);
        Assert.Contains("no days off", Text(skips.Single()), StringComparison.Ordinal);
    }

    private async Task<string> Say(string text) => Text((await _coach.HandleAsync(Message(text), default)).Single());

    private static Inbound Message(string text) => new()
    {
        Platform = "slack",
        ConversationId = "C0PRACTICE",
        MessageId = Guid.NewGuid().ToString(),
        UserId = "U-alex",
        UserName = "alex",
        Text = text,
        IsMention = true,
        TeamId = "T-acme",
    };

    private static string Text(Reply reply) => string.Join("\n", reply.Blocks.OfType<TextBlock>().Select(b => b.Text));
}
