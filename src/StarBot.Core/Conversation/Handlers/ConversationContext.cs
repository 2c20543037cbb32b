using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;
using StarBot.Core.Scheduling;

namespace StarBot.Core.Conversation.Handlers;

/// <summary>What every handler may read and change: the content, the analyzer, the stores and the clock.</summary>
internal sealed class ConversationContext(ContentLibrary library, IStarAnalyzer analyzer, IRoundStore rounds, IScheduleStore schedules, IChannelSettingsStore settings, TimeProvider time, CoachOptions options, IPersonalDataStore personalData,
    IReadOnlyDictionary<string, IUserTimeZoneLookup> timeZones, IExampleRotation examples)
{
    /// <summary>The sender's time zone: said with the message, or found by their platform's lookup; null when neither knows.</summary>
    public async Task<string?> UserTimeZoneAsync(Inbound inbound, CancellationToken cancellationToken) =>
        inbound.UserTimeZone is { Length: > 0 } said ? said
        : timeZones.TryGetValue(inbound.Platform, out var lookup) ? await lookup.FindAsync(inbound.TeamId, inbound.UserId, cancellationToken)
        : null;

    public IPersonalDataStore PersonalData => personalData;

    public ContentLibrary Library => library;

    public IStarAnalyzer Analyzer => analyzer;

    public IRoundStore Rounds => rounds;

    public IScheduleStore Schedules => schedules;

    public IChannelSettingsStore Settings => settings;

    public TimeProvider Time => time;

    public CoachOptions Options => options;

    public TopicMatcher Matcher { get; } = new(library);

    /// <summary>Which example each conversation sees next on a topic.</summary>
    public IExampleRotation Examples => examples;

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

    public async Task<Reply> SummaryAsync(Round round, CancellationToken cancellationToken) =>
        RoundReplies.Summary(library, library.FindQuestion(round.QuestionId), await rounds.AnswersAsync(round.Id, cancellationToken));

    /// <summary>
    /// The next question for a conversation: on the topic if one is given (a question id, a competency, or loose
    /// words), and not one already asked there until every candidate has been.
    /// </summary>
    public async Task<Question?> PickQuestionAsync(string platform, string conversationId, string? topic, CancellationToken cancellationToken)
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

    public List<Question> PoolFor(string topic)
    {
        if (library.FindCompetency(topic.Trim().Replace(' ', '-')) is { } competency)
        {
            return [.. library.QuestionsIn(competency.Id)];
        }

        var matches = Matcher.Match(topic);
        return matches.Count == 0 ? [] : [.. matches.Where(m => m.Score >= matches[0].Score * 0.5).Select(m => m.Question)];
    }

    public static string NewId() => Guid.NewGuid().ToString("n");

    /// <summary>An id derived from a key, so that handling the same message again (after a crash) finds the same record.</summary>
    public static string IdFor(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];
}
