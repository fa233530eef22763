namespace Indexer.Storage;

/// <summary>The store's tables. Times are Unix milliseconds (UTC) so that they sort and compare as numbers.</summary>
internal static class SqliteSchema
{
    public const string Create = """
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
        """;
}
