namespace StarBot.Storage.Postgres;

/// <summary>
/// Versioned schema changes for PostgreSQL, applied once each, in order, under an advisory lock
/// (<see cref="PostgresDatabase.MigrateAsync"/>). Never edit a released migration: add the next one. The tables are
/// SQLite's (see <see cref="Migrations"/>) in PostgreSQL's types: times are <c>timestamptz</c>, flags
/// <c>boolean</c>, and "no lease" is the epoch, as SQLite's 0.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<(long Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE rounds (
                id text PRIMARY KEY,
                -- Insertion order, for ties between rounds opened at the same instant (SQLite's rowid).
                seq bigint GENERATED ALWAYS AS IDENTITY,
                platform text NOT NULL,
                conversation_id text NOT NULL,
                thread_id text,
                question_id text NOT NULL,
                starter_user_id text,
                starter_name text,
                opened_at timestamptz NOT NULL,
                status text NOT NULL,
                closed_at timestamptz,
                closed_by text
            );
            CREATE INDEX rounds_by_place ON rounds (platform, conversation_id, thread_id, opened_at);
            CREATE INDEX rounds_open ON rounds (status, opened_at);
            CREATE TABLE round_answers (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                round_id text NOT NULL REFERENCES rounds (id),
                message_id text NOT NULL,
                user_id text NOT NULL,
                user_name text NOT NULL,
                text text NOT NULL,
                parts text NOT NULL,
                at timestamptz NOT NULL,
                CONSTRAINT round_answers_once UNIQUE (round_id, message_id)
            );
            CREATE INDEX round_answers_by_user ON round_answers (user_id, at);
            CREATE TABLE schedules (
                platform text NOT NULL,
                conversation_id text NOT NULL,
                team_id text NOT NULL,
                local_time text NOT NULL,
                time_zone text NOT NULL,
                days text NOT NULL,
                topic text,
                created_by text NOT NULL,
                created_at timestamptz NOT NULL,
                next_due_at timestamptz NOT NULL,
                PRIMARY KEY (platform, conversation_id)
            );
            CREATE INDEX schedules_by_due ON schedules (next_due_at);
            CREATE INDEX schedules_by_team ON schedules (platform, team_id);
            CREATE TABLE daily_posts (
                platform text NOT NULL,
                conversation_id text NOT NULL,
                local_date text NOT NULL,
                due_at timestamptz NOT NULL,
                outcome text NOT NULL,
                round_id text,
                decided_at timestamptz NOT NULL,
                PRIMARY KEY (platform, conversation_id, local_date)
            );
            CREATE TABLE inbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                dedupe_key text NOT NULL UNIQUE,
                payload text NOT NULL,
                received_at timestamptz NOT NULL,
                status text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                lease_until timestamptz NOT NULL DEFAULT 'epoch',
                done_at timestamptz,
                error text
            );
            CREATE INDEX inbox_pending ON inbox (status, next_attempt_at);
            CREATE TABLE outbox (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                dedupe_key text NOT NULL UNIQUE,
                platform text NOT NULL,
                payload text NOT NULL,
                status text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL,
                next_attempt_at timestamptz NOT NULL,
                lease_until timestamptz NOT NULL DEFAULT 'epoch',
                sent_at timestamptz,
                message_id text,
                error text
            );
            CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
            CREATE TABLE channel_settings (
                platform text NOT NULL,
                conversation_id text NOT NULL,
                private_feedback boolean NOT NULL,
                PRIMARY KEY (platform, conversation_id)
            );
            CREATE TABLE conversation_addresses (
                platform text NOT NULL,
                conversation_id text NOT NULL,
                team_id text NOT NULL,
                reference text NOT NULL,
                active boolean NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (platform, conversation_id)
            );
            CREATE INDEX conversation_addresses_team ON conversation_addresses (platform, team_id);
            """),
        // SQLite's 5: days off, kept apart from the schedule (set before it, and kept when it is set again).
        (2, """
            CREATE TABLE schedule_days_off (
                platform text NOT NULL,
                conversation_id text NOT NULL,
                local_date date NOT NULL,
                PRIMARY KEY (platform, conversation_id, local_date)
            );
            """),
        // SQLite's 6: reminders; how long before a round closes (null: off), and when a round's is due (null: none, or sent).
        (3, """
            ALTER TABLE channel_settings ADD COLUMN remind_before interval;
            ALTER TABLE rounds ADD COLUMN remind_at timestamptz;
            CREATE INDEX rounds_remind ON rounds (remind_at) WHERE remind_at IS NOT NULL;
            """),
        // SQLite's 7: which example each conversation sees next on a topic (pool: the first example's question id).
        (4, """
            CREATE TABLE examples_shown (
                platform text NOT NULL,
                conversation_id text NOT NULL,
                pool text NOT NULL,
                shown integer NOT NULL,
                PRIMARY KEY (platform, conversation_id, pool)
            );
            """),
    ];
}
