namespace StarBot.Storage;

/// <summary>
/// Versioned schema changes, applied once each, in order. Never edit a released migration: add the next one.
/// Times are Unix milliseconds (UTC).
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(long Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE rounds (
                id TEXT PRIMARY KEY,
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                thread_id TEXT,
                question_id TEXT NOT NULL,
                starter_user_id TEXT,
                starter_name TEXT,
                opened_at INTEGER NOT NULL,
                status TEXT NOT NULL,
                closed_at INTEGER
            );
            CREATE INDEX rounds_by_place ON rounds (platform, conversation_id, thread_id, opened_at);
            CREATE INDEX rounds_open ON rounds (status, opened_at);
            CREATE TABLE round_answers (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                round_id TEXT NOT NULL REFERENCES rounds (id),
                message_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                user_name TEXT NOT NULL,
                text TEXT NOT NULL,
                parts TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX round_answers_once ON round_answers (round_id, message_id);
            CREATE INDEX round_answers_by_user ON round_answers (user_id, at);
            CREATE TABLE schedules (
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                team_id TEXT NOT NULL,
                local_time TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                days TEXT NOT NULL,
                topic TEXT,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                next_due_at INTEGER NOT NULL,
                PRIMARY KEY (platform, conversation_id)
            );
            CREATE INDEX schedules_by_due ON schedules (next_due_at);
            CREATE TABLE daily_posts (
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                local_date TEXT NOT NULL,
                due_at INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                round_id TEXT,
                decided_at INTEGER NOT NULL,
                PRIMARY KEY (platform, conversation_id, local_date)
            );
            CREATE TABLE inbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dedupe_key TEXT NOT NULL UNIQUE,
                payload TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                lease_until INTEGER NOT NULL DEFAULT 0,
                done_at INTEGER,
                error TEXT
            );
            CREATE INDEX inbox_pending ON inbox (status, next_attempt_at);
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dedupe_key TEXT NOT NULL UNIQUE,
                platform TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                lease_until INTEGER NOT NULL DEFAULT 0,
                sent_at INTEGER,
                message_id TEXT,
                error TEXT
            );
            CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
            """),
        (2, """
            CREATE TABLE channel_settings (
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                private_feedback INTEGER NOT NULL,
                PRIMARY KEY (platform, conversation_id)
            );
            """),
        (3, """
            CREATE TABLE conversation_addresses (
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                team_id TEXT NOT NULL,
                reference TEXT NOT NULL,
                active INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (platform, conversation_id)
            );
            CREATE INDEX conversation_addresses_team ON conversation_addresses (platform, team_id);
            """),
        (4, """
            ALTER TABLE rounds ADD COLUMN closed_by TEXT;
            """),
        (5, """
            CREATE TABLE schedule_days_off (
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                local_date TEXT NOT NULL,
                PRIMARY KEY (platform, conversation_id, local_date)
            );
            """),
        (6, """
            ALTER TABLE channel_settings ADD COLUMN remind_before_ms INTEGER;
            ALTER TABLE rounds ADD COLUMN remind_at INTEGER;
            CREATE INDEX rounds_remind ON rounds (remind_at) WHERE remind_at IS NOT NULL;
            """),
        // Which example each conversation sees next on a topic (pool: the first example's question id).
        (7, """
            CREATE TABLE examples_shown (
                platform TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                pool TEXT NOT NULL,
                shown INTEGER NOT NULL,
                PRIMARY KEY (platform, conversation_id, pool)
            );
            """),
    ];
}
