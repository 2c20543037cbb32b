using StarBot.Core.Conversation;

namespace StarBot.Storage;

/// <summary>
/// <c>forget me</c> in the database: every table that holds something of the person, in one transaction. The inbox and
/// the outbox have no column for the person, so their JSON payloads are searched; both hold only the last
/// <c>Storage:KeepMessagesFor</c> of traffic, and this runs once per request, so a scan is fine.
/// </summary>
public sealed class SqlitePersonalDataStore(SqliteDatabase database) : IPersonalDataStore
{
    public Task<ForgetReport> ForgetAsync(Inbound request, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            (string, object?)[] who = [("$platform", request.Platform), ("$user", request.UserId), ("$conversation", request.ConversationId), ("$message", request.MessageId)];
            var answers = await Sql.ExecuteAsync(c, t,
                "DELETE FROM round_answers WHERE user_id = $user AND round_id IN (SELECT id FROM rounds WHERE platform = $platform);", cancellationToken, who);
            // The rounds stay (other people's answers are in them); without a starter, anyone in one may close it.
            var rounds = await Sql.ExecuteAsync(c, t,
                "UPDATE rounds SET starter_user_id = NULL, starter_name = NULL WHERE platform = $platform AND starter_user_id = $user;", cancellationToken, who);
            var schedules = await Sql.ExecuteAsync(c, t,
                "UPDATE schedules SET created_by = '' WHERE platform = $platform AND created_by = $user;", cancellationToken, who);
            // Their one-to-one chats' addresses (a Teams conversation reference: where to reach them), known from their
            // messages there still in the inbox, so before those go. The reference's own conversation type tells a
            // personal chat from a group chat (both are direct). Not the one the request came from: the reply is sent
            // through it (and their next message there would store it again).
            var chats = await Sql.ExecuteAsync(c, t,
                """
                DELETE FROM conversation_addresses WHERE platform = $platform AND conversation_id <> $conversation
                AND reference LIKE '%"conversationType":"personal"%'
                AND conversation_id IN (SELECT json_extract(payload, '$.conversationId') FROM inbox
                    WHERE json_extract(payload, '$.platform') = $platform AND json_extract(payload, '$.userId') = $user AND json_extract(payload, '$.isDirect') = 1);
                """, cancellationToken, who);
            // Handled or not (one not handled yet may be an answer they sent just before): all but the request itself,
            // which is being handled now and must still be answered.
            var inbox = await Sql.ExecuteAsync(c, t,
                """
                DELETE FROM inbox WHERE json_extract(payload, '$.platform') = $platform AND json_extract(payload, '$.userId') = $user
                AND NOT (json_extract(payload, '$.conversationId') = $conversation AND json_extract(payload, '$.messageId') = $message);
                """, cancellationToken, who);
            // Replies to them or answering them, waiting or not (feedback quotes their answer), but a round's question or
            // summary still waiting: those are for everyone in the round and hold no text of theirs (a summary names who
            // answered and which parts they covered; it is sent, like one already posted, and then goes with retention).
            var outbox = await Sql.ExecuteAsync(c, t,
                """
                DELETE FROM outbox WHERE platform = $platform
                AND (json_extract(payload, '$.requestedBy') = $user OR json_extract(payload, '$.recipientUserId') = $user)
                AND (status <> 'pending' OR json_extract(payload, '$.recipientUserId') = $user OR COALESCE(json_extract(payload, '$.reply.kind'), '') NOT IN ('Question', 'Summary'));
                """, cancellationToken, who);
            return new ForgetReport(answers, rounds, schedules, inbox, outbox, chats);
        }, cancellationToken);
}
