using StarBot.Core.Conversation;

namespace StarBot.Storage;

public sealed class SqliteChannelSettingsStore(SqliteDatabase database) : IChannelSettingsStore
{
    public async Task<ChannelSettings> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        (await database.ReadAsync(c => Sql.QueryAsync(c, null, "SELECT private_feedback, remind_before_ms FROM channel_settings WHERE platform = $platform AND conversation_id = $conversation;",
            r => new ChannelSettings(r.GetInt64(0) != 0, r.IsDBNull(1) ? null : TimeSpan.FromMilliseconds(r.GetInt64(1))), cancellationToken, ("$platform", platform), ("$conversation", conversationId)), cancellationToken)).SingleOrDefault()
        ?? new ChannelSettings();

    public Task SaveAsync(string platform, string conversationId, ChannelSettings settings, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "INSERT OR REPLACE INTO channel_settings (platform, conversation_id, private_feedback, remind_before_ms) VALUES ($platform, $conversation, $private, $remind);", cancellationToken,
            ("$platform", platform), ("$conversation", conversationId), ("$private", settings.PrivateFeedback ? 1 : 0),
            ("$remind", settings.RemindBefore is { } remind ? (long)remind.TotalMilliseconds : null)), cancellationToken);
}
