using Npgsql;

namespace Indexer.Storage.Postgres;

/// <summary>
/// The PostgreSQL tables and their versions (one row per applied step in schema_version). All instances may start
/// at once: each migrates inside one transaction that first takes a transaction-scoped advisory lock, so one does
/// the work and the others, once it commits, find the version current and do nothing.
/// </summary>
internal sealed class PostgresSchema(PostgresDatabase database) : IStoreSchema
{
    /// <summary>"gujarati" in ASCII: the advisory lock key every instance agrees on for migrations.</summary>
    private const long MigrationLockKey = 0x67756A6172617469;

    /// <summary>Append only: a released step never changes, since databases out there have run it.</summary>
    public static readonly IReadOnlyList<SchemaStep> Steps =
    [
        new(1, "articles, their commit-ordered change log, deletions and feed state", """
            -- The change log's numbers come from this one row, updated inside each writing transaction (see
            -- PostgresDatabase.TakeSequenceNumbersAsync), never from a sequence.
            CREATE TABLE change_counter (
                only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                value    bigint  NOT NULL
            );
            INSERT INTO change_counter (value) VALUES (0);
            -- Times are Unix milliseconds (UTC), as in the SQLite provider.
            CREATE TABLE articles (
                id           text   PRIMARY KEY,
                feed_id      text   NOT NULL,
                item_key     text   NOT NULL,
                guid         text,
                title        text   NOT NULL,
                url          text,
                published    bigint,
                author       text,
                summary      text,
                body         text   NOT NULL,
                language     text   NOT NULL,
                content_hash text   NOT NULL,
                first_seen   bigint NOT NULL,
                updated      bigint NOT NULL,
                seq          bigint NOT NULL,
                UNIQUE (feed_id, item_key)
            );
            CREATE INDEX articles_seq ON articles (seq);
            CREATE INDEX articles_feed_date ON articles (feed_id, published);
            -- Deleted articles: numbered tombstones for followers, and what keeps retention's deletions deleted.
            CREATE TABLE deletions (
                seq        bigint PRIMARY KEY,
                article_id text   NOT NULL
            );
            CREATE INDEX deletions_article ON deletions (article_id);
            CREATE TABLE feed_state (
                feed_id              text PRIMARY KEY,
                etag                 text,
                last_modified        text,
                body_hash            text,
                redirect_url         text,
                redirect_from        text,
                last_fetched_at      bigint,
                last_success_at      bigint,
                last_status          text,
                last_http_status     integer,
                last_error           text,
                consecutive_failures integer NOT NULL DEFAULT 0,
                retry_not_before     bigint,
                last_new             integer NOT NULL DEFAULT 0,
                last_updated         integer NOT NULL DEFAULT 0
            );
            """),
        new(2, "feed state: what was wrong with the last document read all the same", """
            ALTER TABLE feed_state ADD COLUMN last_warning text;
            """),
        new(3, "alerts: the matcher's progress, each alert's start, and the outbox of matches to deliver", """
            CREATE TABLE alert_matcher (
                only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                seq      bigint  NOT NULL
            );
            -- An alert matches only changes after start_seq: one added later does not flood its webhook with old news.
            CREATE TABLE alert_state (
                alert_id          text   PRIMARY KEY,
                start_seq         bigint NOT NULL,
                last_delivered_at bigint,
                last_error        text,
                last_error_at     bigint
            );
            -- One row per match, ever: (alert_id, article_id) is unique, so an article matches an alert at most once.
            CREATE TABLE alert_deliveries (
                delivery_id     text    PRIMARY KEY,
                alert_id        text    NOT NULL,
                article_id      text    NOT NULL,
                seq             bigint  NOT NULL,
                payload         text    NOT NULL,
                matched_at      bigint  NOT NULL,
                state           text    NOT NULL DEFAULT 'pending',
                attempts        integer NOT NULL DEFAULT 0,
                next_attempt_at bigint  NOT NULL,
                claimed_until   bigint,
                last_status     integer,
                last_error      text,
                delivered_at    bigint,
                UNIQUE (alert_id, article_id)
            );
            CREATE INDEX alert_deliveries_pending ON alert_deliveries (seq, alert_id) WHERE state = 'pending';
            """),
        new(4, "indexes for retention and feed history at a million articles", """
            CREATE INDEX articles_age ON articles ((COALESCE(published, first_seen)));
            CREATE INDEX articles_feed_age ON articles (feed_id, (COALESCE(published, first_seen)), id);
            CREATE INDEX articles_feed_seen ON articles (feed_id, first_seen);
            """),
        new(5, "the page part of articles (body source, image, canonical URL, extraction) and the page queue", StoredRows.PagesSchema),
        new(6, "alerts: each alert's pending deliveries in order", StoredRows.PendingByAlertSchema),
        new(7, "feed state: the configured URL of the last fetch", "ALTER TABLE feed_state ADD COLUMN fetched_from text;"),
        new(8, "a feed's articles by link, for items listed again under a new guid", StoredRows.ArticlesByLinkSchema),
    ];

    public int LatestVersion => Steps[^1].Version;

    public async Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await database.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
        {
            throw new StoreSchemaException($"Storage:ConnectionString: cannot connect to PostgreSQL at {database.Description}: {e.Message}", e);
        }
        await using (connection)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     integer     PRIMARY KEY,
                    description text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            await using (var read = PostgresDatabase.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
            {
                var found = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
                if (found > LatestVersion) throw StoreSchemaException.Newer(found, LatestVersion);
                foreach (var step in Steps.Where(s => s.Version > found))
                {
                    await ExecuteAsync(connection, transaction, step.Sql, cancellationToken);
                    await using var record = PostgresDatabase.Command(connection, transaction,
                        "INSERT INTO schema_version (version, description) VALUES ($1, $2)");
                    record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = step.Version });
                    record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = step.Description });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                return new SchemaMigration(found, Math.Max(found, LatestVersion));
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = PostgresDatabase.Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
