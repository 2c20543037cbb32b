using StarBot.Core.Conversation;

namespace StarBot.Storage;

public sealed class SqliteExampleRotation(SqliteDatabase database) : IExampleRotation
{
    public async Task<int> NextAsync(string platform, string conversationId, string pool, CancellationToken cancellationToken) =>
        (int)await database.WriteAsync((c, t) => Sql.ScalarAsync<long>(c, t,
            """
            INSERT INTO examples_shown (platform, conversation_id, pool, shown) VALUES ($platform, $conversation, $pool, 1)
            ON CONFLICT (platform, conversation_id, pool) DO UPDATE SET shown = shown + 1
            RETURNING shown - 1;
            """, cancellationToken, ("$platform", platform), ("$conversation", conversationId), ("$pool", pool)), cancellationToken);
}
