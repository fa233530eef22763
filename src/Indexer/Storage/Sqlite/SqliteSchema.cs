using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Indexer.Storage.Sqlite;

/// <summary>
/// The SQLite tables and their versions. The version lives in the file header (PRAGMA user_version), written in
/// the same transaction as the steps; BEGIN IMMEDIATE makes a second process wait for the first to finish.
/// Times are Unix milliseconds (UTC) so that they sort and compare as numbers.
/// </summary>
internal sealed class SqliteSchema(SqliteDatabase database) : IStoreSchema
{
    /// <summary>
    /// Append only: a released step never changes, since databases out there have run it. Step 1 is the schema of
    /// the first release, written with IF NOT EXISTS so that files created before versions were recorded (user_version
    /// 0, tables present) pass through it unchanged and are simply stamped.
    /// </summary>
    public static readonly IReadOnlyList<SchemaStep> Steps =
    [
        new(1, "articles, their change log, deletions and feed state", """
            CREATE TABLE IF NOT EXISTS meta (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS articles (
                id           TEXT PRIMARY KEY,
                feed_id      TEXT NOT NULL,
                item_key     TEXT NOT NULL,
                guid         TEXT,
                title        TEXT NOT NULL,
                url          TEXT,
                published    INTEGER,
                author       TEXT,
                summary      TEXT,
                body         TEXT NOT NULL,
                language     TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                first_seen   INTEGER NOT NULL,
                updated      INTEGER NOT NULL,
                seq          INTEGER NOT NULL,
                UNIQUE (feed_id, item_key)
            );
            CREATE INDEX IF NOT EXISTS articles_seq ON articles (seq);
            CREATE INDEX IF NOT EXISTS articles_feed_date ON articles (feed_id, published);
            -- Deleted articles: numbered tombstones for the index, and the record that keeps retention's deletions deleted.
            CREATE TABLE IF NOT EXISTS deletions (
                seq        INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS deletions_article ON deletions (article_id);
            CREATE TABLE IF NOT EXISTS feed_state (
                feed_id              TEXT PRIMARY KEY,
                etag                 TEXT,
                last_modified        TEXT,
                body_hash            TEXT,
                redirect_url         TEXT,
                redirect_from        TEXT,
                last_fetched_at      INTEGER,
                last_success_at      INTEGER,
                last_status          TEXT,
                last_http_status     INTEGER,
                last_error           TEXT,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                retry_not_before     INTEGER,
                last_new             INTEGER NOT NULL DEFAULT 0,
                last_updated         INTEGER NOT NULL DEFAULT 0
            );
            """),
        new(2, "feed state: what was wrong with the last document read all the same", """
            ALTER TABLE feed_state ADD COLUMN last_warning TEXT;
            """),
        new(3, "alerts: the matcher's progress, each alert's start, and the outbox of matches to deliver", """
            CREATE TABLE alert_matcher (
                only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
                seq      INTEGER NOT NULL
            );
            -- An alert matches only changes after start_seq: one added later does not flood its webhook with old news.
            CREATE TABLE alert_state (
                alert_id          TEXT PRIMARY KEY,
                start_seq         INTEGER NOT NULL,
                last_delivered_at INTEGER,
                last_error        TEXT,
                last_error_at     INTEGER
            );
            -- One row per match, ever: (alert_id, article_id) is unique, so an article matches an alert at most once.
            CREATE TABLE alert_deliveries (
                delivery_id     TEXT PRIMARY KEY,
                alert_id        TEXT    NOT NULL,
                article_id      TEXT    NOT NULL,
                seq             INTEGER NOT NULL,
                payload         TEXT    NOT NULL,
                matched_at      INTEGER NOT NULL,
                state           TEXT    NOT NULL DEFAULT 'pending',
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                claimed_until   INTEGER,
                last_status     INTEGER,
                last_error      TEXT,
                delivered_at    INTEGER,
                UNIQUE (alert_id, article_id)
            );
            CREATE INDEX alert_deliveries_pending ON alert_deliveries (seq, alert_id) WHERE state = 'pending';
            """),
        new(4, "indexes for retention and feed history at a million articles", """
            CREATE INDEX IF NOT EXISTS articles_age ON articles (COALESCE(published, first_seen));
            CREATE INDEX IF NOT EXISTS articles_feed_age ON articles (feed_id, COALESCE(published, first_seen), id);
            CREATE INDEX IF NOT EXISTS articles_feed_seen ON articles (feed_id, first_seen);
            """),
        new(5, "the page part of articles (body source, image, canonical URL, extraction) and the page queue", StoredRows.PagesSchema),
        new(6, "alerts: each alert's pending deliveries in order", StoredRows.PendingByAlertSchema),
        new(7, "feed state: the configured URL of the last fetch", "ALTER TABLE feed_state ADD COLUMN fetched_from TEXT;"),
        new(8, "a feed's articles by link, for items listed again under a new guid", StoredRows.ArticlesByLinkSchema),
    ];

    public int LatestVersion => Steps[^1].Version;

    public async Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Properties of the file, not allowed inside a transaction. auto_vacuum only takes in a file without tables:
        // new files give deleted articles' pages back in steps (after retention); older ones reuse them.
        await SqliteDatabase.ExecuteAsync(connection, null, "PRAGMA auto_vacuum = INCREMENTAL;", cancellationToken);
        await SqliteDatabase.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE
        var found = await ReadVersionAsync(connection, transaction, cancellationToken);
        if (found > LatestVersion) throw StoreSchemaException.Newer(found, LatestVersion);
        foreach (var step in Steps.Where(s => s.Version > found))
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction, step.Sql, cancellationToken);
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                $"PRAGMA user_version = {step.Version.ToString(CultureInfo.InvariantCulture)};", cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new SchemaMigration(found, Math.Max(found, LatestVersion));
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, "PRAGMA user_version;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
