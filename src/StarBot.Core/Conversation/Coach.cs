using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Core.Conversation;

/// <summary>
/// The coaching conversation: the one entry point every platform drives. It takes an <see cref="Inbound"/>, decides
/// whether it is a command or an answer in a practice round, and returns the <see cref="Reply"/> documents to send.
/// </summary>
public sealed class Coach(ContentLibrary library, IStarAnalyzer analyzer, IRoundStore rounds, IScheduleStore schedules, IChannelSettingsStore settings, TimeProvider time, CoachOptions? options = null)
{
    private readonly TopicMatcher _matcher = new(library);
    private readonly CoachOptions _options = options ?? new CoachOptions();

    public ContentLibrary Library => library;

    public async Task<IReadOnlyList<Reply>> HandleAsync(Inbound inbound, CancellationToken cancellationToken)
    {
        var command = CommandParser.Parse(inbound.Text);
        var round = await FindRoundAsync(inbound, cancellationToken);
        if (round is { Status: RoundStatus.Open } && IsAnswer(command, inbound))
        {
            return await AnswerAsync(round, inbound, cancellationToken);
        }

        if (round is { Status: RoundStatus.Closed } && IsAnswer(command, inbound) && (inbound.ThreadId is not null || IsLong(inbound.Text)))
        {
            return [RoundReplies.Notice("This practice round is closed, so I did not record your answer. Start a new one with **practice**, or get feedback on any answer with **feedback <your answer>**.")];
        }

        if (round is null && !inbound.IsDirect && !inbound.IsMention && !inbound.IsAction)
        {
            // Channel talk that is neither for the bot nor in one of its rounds.
            return [];
        }

        return command switch
        {
            HelpCommand => [RoundReplies.Help()],
            TopicsCommand => [ContentReplies.Topics(library) with { Visibility = ReplyVisibility.Private }],
            ExampleCommand example => [Example(example.Topic)],
            QuestionCommand question => [Question(question.Topic)],
            FeedbackCommand feedback => [AnalysisReplies.Feedback(analyzer.Analyze(feedback.Answer)) with { Visibility = ReplyVisibility.Private }],
            PracticeCommand practice => await StartRoundAsync(inbound, practice.Topic, cancellationToken),
            DoneCommand => await CloseAsync(round, inbound, cancellationToken),
            HistoryCommand => [await HistoryAsync(inbound.Platform, inbound.UserId, cancellationToken)],
            ScheduleCommand schedule => [await ScheduleAsync(inbound, schedule.Arguments, cancellationToken)],
            FeedbackVisibilityCommand visibility => [await SetFeedbackVisibilityAsync(inbound, visibility.Private, cancellationToken)],
            InvalidCommand invalid => [RoundReplies.Notice(invalid.Problem)],
            NotACommand text => [Unknown(text.Text)],
            _ => [RoundReplies.Help()],
        };
    }

    /// <summary>A person's practice history (the App Home tab and the <c>history</c> command).</summary>
    public async Task<Reply> HistoryAsync(string platform, string userId, CancellationToken cancellationToken) =>
        RoundReplies.History(library, await rounds.HistoryAsync(platform, userId, 10, cancellationToken));

    /// <summary>Records the thread that a round's question post opened (the adapter learns its id when it posts).</summary>
    public Task AttachThreadAsync(string roundId, string threadId, CancellationToken cancellationToken) =>
        rounds.AttachThreadAsync(roundId, threadId, cancellationToken);

    /// <summary>
    /// Prepares a round nobody started (the daily question), which anyone in it may close. Nothing is stored: the
    /// caller stores the round together with its claim on the day's post.
    /// </summary>
    public async Task<(Round Round, Reply Question)?> PrepareUnattendedRoundAsync(string platform, string conversationId, string? topic, CancellationToken cancellationToken)
    {
        var question = await PickQuestionAsync(platform, conversationId, topic, cancellationToken);
        if (question is null)
        {
            return null;
        }

        var round = new Round(NewId(), platform, conversationId, null, question.Id, null, null, time.GetUtcNow());
        return (round, RoundReplies.RoundQuestion(library, round, question, threaded: true));
    }

    /// <summary>
    /// Closes a round and returns its summary; null when it was closed already, so a summary is posted once.
    /// <paramref name="closedBy"/> is the message that closes it: handled again, it gets the same summary.
    /// </summary>
    public async Task<Reply?> CloseRoundAsync(Round round, CancellationToken cancellationToken, string? closedBy = null)
    {
        if (!await rounds.CloseAsync(round.Id, time.GetUtcNow(), closedBy, cancellationToken))
        {
            return null;
        }

        return await SummaryAsync(round, cancellationToken);
    }

    private async Task<Reply> SummaryAsync(Round round, CancellationToken cancellationToken) =>
        RoundReplies.Summary(library, library.FindQuestion(round.QuestionId), await rounds.AnswersAsync(round.Id, cancellationToken));

    /// <summary>
    /// Closes a round nobody closed in time and enqueues its summary in its thread, both in one transaction: false
    /// when it was closed already, and then nothing is enqueued.
    /// </summary>
    public async Task<bool> CloseTimedOutRoundAsync(Round round, CancellationToken cancellationToken)
    {
        var answers = await rounds.AnswersAsync(round.Id, cancellationToken);
        var summary = RoundReplies.Summary(library, library.FindQuestion(round.QuestionId), answers);
        var message = new OutboundMessage($"summary:{round.Id}", round.Platform, "", round.ConversationId, round.ThreadId, null, summary);
        return await rounds.CloseWithSummaryAsync(round.Id, time.GetUtcNow(), message, cancellationToken);
    }

    private async Task<Round?> FindRoundAsync(Inbound inbound, CancellationToken cancellationToken)
    {
        if (inbound.ThreadId is { } thread)
        {
            return await rounds.FindAsync(inbound.Platform, inbound.ConversationId, thread, cancellationToken);
        }

        // Conversations without threads (direct messages, the terminal) hold one round at a time.
        return inbound.IsDirect ? await rounds.FindAsync(inbound.Platform, inbound.ConversationId, null, cancellationToken) : null;
    }

    /// <summary>Inside a round, text that is not a short command is an answer: "Feedback from users showed…" is not the feedback command.</summary>
    private static bool IsAnswer(ChatCommand command, Inbound inbound) =>
        !inbound.IsAction && command switch
        {
            NotACommand => true,
            DoneCommand or HelpCommand => false,
            InvalidCommand => false,
            _ => IsLong(inbound.Text),
        };

    private static bool IsLong(string text) => CommandParser.WordCount(text) > CommandParser.MaxCommandWordsInRound;

    private async Task<IReadOnlyList<Reply>> AnswerAsync(Round round, Inbound inbound, CancellationToken cancellationToken)
    {
        var analysis = analyzer.Analyze(inbound.Text);
        var parts = analysis.Parts.ToDictionary(p => p.Key, p => p.Value.Status);
        await rounds.AddAnswerAsync(new RoundAnswer(round.Id, inbound.MessageId, inbound.UserId, inbound.UserName, inbound.Text, parts, time.GetUtcNow()), cancellationToken);
        var channel = await settings.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken);
        return [RoundReplies.AnswerFeedback(analysis, inbound.UserName) with { Visibility = channel.PrivateFeedback ? ReplyVisibility.Private : ReplyVisibility.Public }];
    }

    private async Task<IReadOnlyList<Reply>> StartRoundAsync(Inbound inbound, string? topic, CancellationToken cancellationToken)
    {
        var replies = new List<Reply>();
        var threaded = !inbound.IsDirect;
        if (!threaded && await rounds.FindAsync(inbound.Platform, inbound.ConversationId, null, cancellationToken) is { Status: RoundStatus.Open } open)
        {
            // Without threads only one round can be open: close the old one so its answers get their summary.
            if (await CloseRoundAsync(open, cancellationToken) is { } summary)
            {
                replies.Add(summary);
            }
        }

        var question = await PickQuestionAsync(inbound.Platform, inbound.ConversationId, topic, cancellationToken);
        if (question is null)
        {
            replies.Add(ContentReplies.NoMatch(topic ?? "", _matcher.Suggest(topic ?? "")) with { Visibility = ReplyVisibility.Private });
            return replies;
        }

        // The id comes from the message, so handling the same message again (after a crash) finds the same round.
        var round = new Round(IdFor($"{inbound.Platform}/{inbound.ConversationId}/{inbound.MessageId}"), inbound.Platform, inbound.ConversationId, null, question.Id, inbound.UserId, inbound.UserName, time.GetUtcNow());
        await rounds.CreateAsync(round, cancellationToken);
        replies.Add(RoundReplies.RoundQuestion(library, round, question, threaded));
        return replies;
    }

    private async Task<IReadOnlyList<Reply>> CloseAsync(Round? round, Inbound inbound, CancellationToken cancellationToken)
    {
        if (round is null)
        {
            return [RoundReplies.Notice("There is no practice round open here. Start one with **practice**.")];
        }

        if (round.Status == RoundStatus.Closed)
        {
            // The same message handled again (the round closed, then its replies were not stored: a crash, a full
            // disk): it gets its summary again, and the outbox keeps one copy of it.
            return round.ClosedBy is { } by && by == inbound.MessageId
                ? [await SummaryAsync(round, cancellationToken)]
                : [RoundReplies.Notice("This round is already closed.")];
        }

        if (!round.MayBeClosedBy(inbound.UserId))
        {
            return [RoundReplies.Notice($"Only the person who started this round ({round.StarterName}) can close it. Your answers are still welcome until then.")];
        }

        return await CloseRoundAsync(round, cancellationToken, inbound.MessageId) is { } summary ? [summary] : [RoundReplies.Notice("This round is already closed.")];
    }

    private async Task<Reply> ScheduleAsync(Inbound inbound, string arguments, CancellationToken cancellationToken)
    {
        var request = ScheduleParser.Parse(arguments);
        if (request is not ScheduleRequest.Show and not ScheduleRequest.Next
            && _options.ScheduleAdmins.Count > 0 && !_options.ScheduleAdmins.Contains(inbound.UserId))
        {
            return RoundReplies.Notice("Only this workspace's StarBot admins can change the question-of-the-day schedule.");
        }

        var now = time.GetUtcNow();
        switch (request)
        {
            case ScheduleRequest.Invalid invalid:
                return RoundReplies.Notice(invalid.Problem) with { Kind = ReplyKind.Error };
            case ScheduleRequest.Set set:
                if (set.Topic is { } topic && PoolFor(topic).Count == 0)
                {
                    return RoundReplies.Notice($"I have no questions on \"{topic}\". Try one of: {string.Join(", ", _matcher.Suggest(topic))}. For example: {ScheduleParser.Example}") with { Kind = ReplyKind.Error };
                }

                var schedule = new DailySchedule(inbound.Platform, inbound.TeamId, inbound.ConversationId, set.Time, set.Zone.Id, set.Days, set.Topic, inbound.UserId, now);
                var next = ScheduleCalendar.NextAfter(schedule, now);
                await schedules.SaveAsync(schedule, next, cancellationToken);
                return RoundReplies.Notice($"Done: a question of the day will appear here at {schedule.Describe()}. The first is due {Describe(schedule, next)}.", ReplyVisibility.Public);
            case ScheduleRequest.Show:
                return await schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken) is { } shown
                    ? RoundReplies.Notice($"Question of the day here: {shown.Describe()}.")
                    : RoundReplies.Notice($"There is no question of the day here yet. Set one with: {ScheduleParser.Example}");
            case ScheduleRequest.Next:
                return await schedules.GetAsync(inbound.Platform, inbound.ConversationId, cancellationToken) is { } current
                    ? RoundReplies.Notice($"The next question of the day is due {Describe(current, ScheduleCalendar.NextAfter(current, now))}.")
                    : RoundReplies.Notice($"There is no question of the day here yet. Set one with: {ScheduleParser.Example}");
            default:
                return await schedules.DeleteAsync(inbound.Platform, inbound.ConversationId, cancellationToken)
                    ? RoundReplies.Notice("The question of the day is off for this channel.", ReplyVisibility.Public)
                    : RoundReplies.Notice("There was no question of the day here.");
        }
    }

    private async Task<Reply> SetFeedbackVisibilityAsync(Inbound inbound, bool isPrivate, CancellationToken cancellationToken)
    {
        if (inbound.IsDirect)
        {
            return RoundReplies.Notice("In a direct message, feedback is always just for you.");
        }

        await settings.SaveAsync(inbound.Platform, inbound.ConversationId, new ChannelSettings(isPrivate), cancellationToken);
        return RoundReplies.Notice(isPrivate
            ? "From now on, feedback on answers in this channel goes only to the person who answered."
            : "From now on, feedback on answers in this channel is posted in the round's thread.", ReplyVisibility.Public);
    }

    private static string Describe(DailySchedule schedule, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, ScheduleCalendar.Zone(schedule.TimeZoneId));
        return $"{local.ToString("dddd d MMMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} {schedule.TimeZoneId}";
    }

    private Reply Example(string topic)
    {
        var question = library.FindQuestion(topic.Trim()) is { Example: not null } byId ? byId : _matcher.Best(topic, q => q.Example is not null);
        return question is null
            ? ContentReplies.NoMatch(topic, _matcher.Suggest(topic)) with { Visibility = ReplyVisibility.Private }
            : ContentReplies.Example(library, question) with { Visibility = ReplyVisibility.Private };
    }

    private Reply Question(string? topic)
    {
        var question = topic is null
            ? library.Questions[Random.Shared.Next(library.Questions.Count)]
            : library.FindQuestion(topic.Trim()) ?? PoolFor(topic).FirstOrDefault();
        return question is null
            ? ContentReplies.NoMatch(topic!, _matcher.Suggest(topic!)) with { Visibility = ReplyVisibility.Private }
            : RoundReplies.Question(library, question) with { Visibility = ReplyVisibility.Private };
    }

    /// <summary>
    /// The next question for a conversation: on the topic if one is given (a question id, a competency, or loose
    /// words), and not one already asked there until every candidate has been.
    /// </summary>
    private async Task<Question?> PickQuestionAsync(string platform, string conversationId, string? topic, CancellationToken cancellationToken)
    {
        IReadOnlyList<Question> pool;
        if (topic is null)
        {
            // A stable shuffle per conversation: different channels see questions in different orders.
            pool = [.. library.Questions.OrderBy(q => Text.Words.StableHash(conversationId + "/" + q.Id))];
        }
        else if (library.FindQuestion(topic.Trim()) is { } exact)
        {
            return exact;
        }
        else
        {
            pool = PoolFor(topic);
        }

        if (pool.Count == 0)
        {
            return null;
        }

        var asked = await rounds.AskedQuestionsAsync(platform, conversationId, cancellationToken);
        var fresh = pool.FirstOrDefault(q => !asked.Contains(q.Id));
        // Every candidate asked: take the one asked longest ago.
        return fresh ?? pool.OrderBy(q => asked.ToList().LastIndexOf(q.Id)).First();
    }

    private List<Question> PoolFor(string topic)
    {
        if (library.FindCompetency(topic.Trim().Replace(' ', '-')) is { } competency)
        {
            return [.. library.QuestionsIn(competency.Id)];
        }

        var matches = _matcher.Match(topic);
        return matches.Count == 0 ? [] : [.. matches.Where(m => m.Score >= matches[0].Score * 0.5).Select(m => m.Question)];
    }

    private static Reply Unknown(string text)
    {
        var word = text.Split(' ', 2)[0];
        var intro = IsLong(text)
            ? "There is no practice round open here, so I did not take that as an answer. Start one with **practice**, or say **feedback** followed by your answer."
            : $"I don't know \"{word}\". Here is what I can do:";
        return RoundReplies.Help(intro);
    }

    private static string NewId() => Guid.NewGuid().ToString("n");

    private static string IdFor(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];
}
