using StarBot.Core.Messaging;

namespace StarBot.Storage;

public sealed class SqliteConversationAddressStore(SqliteDatabase database) : IConversationAddressStore
{
    public Task SaveAsync(ConversationAddress address, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            """
            INSERT OR REPLACE INTO conversation_addresses (platform, conversation_id, team_id, reference, active, updated_at)
            VALUES ($platform, $conversation, $team, $reference, $active, $at);
            """, cancellationToken,
            ("$platform", address.Platform), ("$conversation", address.ConversationId), ("$team", address.TeamId), ("$reference", address.Reference),
            ("$active", address.Active ? 1 : 0), ("$at", Sql.Time(address.UpdatedAt))), cancellationToken);

    public async Task<ConversationAddress?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Sql.QueryAsync(c, null,
            "SELECT platform, conversation_id, team_id, reference, active, updated_at FROM conversation_addresses WHERE platform = $platform AND conversation_id = $conversation;",
            r => new ConversationAddress(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0, Sql.Time(r.GetInt64(5))),
            cancellationToken, ("$platform", platform), ("$conversation", conversationId)), cancellationToken)).SingleOrDefault();

    public Task<int> DeactivateTeamAsync(string platform, string teamId, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "UPDATE conversation_addresses SET active = 0, updated_at = $at WHERE platform = $platform AND team_id = $team AND active = 1;", cancellationToken,
            ("$platform", platform), ("$team", teamId), ("$at", Sql.Time(now))), cancellationToken);
}
