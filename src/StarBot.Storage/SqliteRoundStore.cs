using Microsoft.Data.Sqlite;
using StarBot.Core.Content;
using StarBot.Core.Conversation;
using StarBot.Core.Messaging;
using StarBot.Core.Replies;

namespace StarBot.Storage;

public sealed class SqliteRoundStore(SqliteDatabase database) : IRoundStore
{
    private const string Columns = "id, platform, conversation_id, thread_id, question_id, starter_user_id, starter_name, opened_at, status, closed_at, closed_by, remind_at";

    public Task CreateAsync(Round round, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Insert(c, t, round, cancellationToken), cancellationToken);

    internal static Task<int> Insert(SqliteConnection c, SqliteTransaction t, Round round, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(c, t, $"INSERT OR IGNORE INTO rounds ({Columns}) VALUES ($id, $platform, $conversation, $thread, $question, $starter, $starterName, $opened, $status, $closed, $closedBy, $remind);", cancellationToken,
            ("$id", round.Id), ("$platform", round.Platform), ("$conversation", round.ConversationId), ("$thread", round.ThreadId),
            ("$question", round.QuestionId), ("$starter", round.StarterUserId), ("$starterName", round.StarterName),
            ("$opened", Sql.Time(round.OpenedAt)), ("$status", round.Status.ToString()), ("$closed", round.ClosedAt is { } at ? Sql.Time(at) : null), ("$closedBy", round.ClosedBy),
            ("$remind", round.RemindAt is { } remind ? Sql.Time(remind) : null));

    public async Task<Round?> GetAsync(string roundId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {Columns} FROM rounds WHERE id = $id;", Map, cancellationToken, ("$id", roundId)), cancellationToken)).SingleOrDefault();

    public async Task<Round?> FindAsync(string platform, string conversationId, string? threadId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {Columns} FROM rounds WHERE platform = $platform AND conversation_id = $conversation AND ($thread IS NULL OR thread_id = $thread) ORDER BY opened_at DESC, rowid DESC LIMIT 1;",
            Map, cancellationToken, ("$platform", platform), ("$conversation", conversationId), ("$thread", threadId)), cancellationToken)).SingleOrDefault();

    public Task AttachThreadAsync(string roundId, string threadId, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "UPDATE rounds SET thread_id = $thread WHERE id = $id;", cancellationToken, ("$thread", threadId), ("$id", roundId)), cancellationToken);

    public Task AddAnswerAsync(RoundAnswer answer, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            """
            INSERT INTO round_answers (round_id, message_id, user_id, user_name, text, parts, at)
            SELECT $round, $message, $user, $name, $text, $parts, $at
            WHERE NOT EXISTS (SELECT 1 FROM round_answers WHERE round_id = $round AND message_id = $message);
            """, cancellationToken,
            ("$round", answer.RoundId), ("$message", answer.MessageId), ("$user", answer.UserId), ("$name", answer.UserName), ("$text", answer.Text),
            ("$parts", StorageJson.Write(answer.Parts)), ("$at", Sql.Time(answer.At))), cancellationToken);

    public async Task<IReadOnlyList<RoundAnswer>> AnswersAsync(string roundId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            "SELECT round_id, message_id, user_id, user_name, text, parts, at FROM round_answers WHERE round_id = $round ORDER BY id;",
            r => new RoundAnswer(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                StorageJson.Read<Dictionary<StarPart, PartStatus>>(r.GetString(5)), Sql.Time(r.GetInt64(6))),
            cancellationToken, ("$round", roundId)), cancellationToken);

    public async Task<bool> CloseAsync(string roundId, DateTimeOffset closedAt, string? closedBy, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE rounds SET status = 'Closed', closed_at = $at, closed_by = $by WHERE id = $id AND status = 'Open';", cancellationToken,
            ("$at", Sql.Time(closedAt)), ("$by", closedBy), ("$id", roundId)), cancellationToken) == 1;

    public async Task<bool> CloseWithSummaryAsync(string roundId, DateTimeOffset closedAt, OutboundMessage summary, CancellationToken cancellationToken) =>
        await database.WriteAsync(async (c, t) =>
        {
            if (await Sql.ExecuteAsync(c, t, "UPDATE rounds SET status = 'Closed', closed_at = $at WHERE id = $id AND status = 'Open';", cancellationToken,
                ("$at", Sql.Time(closedAt)), ("$id", roundId)) != 1)
            {
                return false;
            }

            await SqliteOutbox.Insert(c, t, [summary], closedAt, leasedUntil: null, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<Round>> OpenBeforeAsync(DateTimeOffset openedBefore, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {Columns} FROM rounds WHERE status = 'Open' AND opened_at < $before ORDER BY opened_at LIMIT $max;",
            Map, cancellationToken, ("$before", Sql.Time(openedBefore)), ("$max", max)), cancellationToken);

    public async Task<IReadOnlyList<(RoundAnswer Answer, string QuestionId)>> HistoryAsync(string platform, string userId, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            """
            SELECT a.round_id, a.message_id, a.user_id, a.user_name, a.text, a.parts, a.at, r.question_id
            FROM round_answers a JOIN rounds r ON r.id = a.round_id
            WHERE a.user_id = $user AND r.platform = $platform
            ORDER BY a.at DESC, a.id DESC LIMIT $max;
            """,
            r => (new RoundAnswer(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                StorageJson.Read<Dictionary<StarPart, PartStatus>>(r.GetString(5)), Sql.Time(r.GetInt64(6))), r.GetString(7)),
            cancellationToken, ("$user", userId), ("$platform", platform), ("$max", max)), cancellationToken);

    public async Task<IReadOnlyList<Round>> DueRemindersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {Columns} FROM rounds WHERE remind_at IS NOT NULL AND remind_at <= $now AND status = 'Open' ORDER BY remind_at LIMIT $max;",
            Map, cancellationToken, ("$now", Sql.Time(now)), ("$max", max)), cancellationToken);

    public Task<bool> RemindAsync(string roundId, OutboundMessage? reminder, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            if (await Sql.ExecuteAsync(c, t, "UPDATE rounds SET remind_at = NULL WHERE id = $id AND remind_at IS NOT NULL AND status = 'Open';", cancellationToken, ("$id", roundId)) != 1)
            {
                return false;
            }

            if (reminder is not null)
            {
                await SqliteOutbox.Insert(c, t, [reminder], now, leasedUntil: null, cancellationToken);
            }

            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> AskedQuestionsAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            "SELECT question_id FROM rounds WHERE platform = $platform AND conversation_id = $conversation ORDER BY opened_at, rowid;",
            r => r.GetString(0), cancellationToken, ("$platform", platform), ("$conversation", conversationId)), cancellationToken);

    private static Round Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Sql.NullableString(r, 3), r.GetString(4), Sql.NullableString(r, 5), Sql.NullableString(r, 6),
        Sql.Time(r.GetInt64(7)), Enum.Parse<RoundStatus>(r.GetString(8)), r.IsDBNull(9) ? null : Sql.Time(r.GetInt64(9)), Sql.NullableString(r, 10),
        r.IsDBNull(11) ? null : Sql.Time(r.GetInt64(11)));
}
