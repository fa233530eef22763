-- A store as the release before schema versions (commit 1ec1577) left it: its tables, created without a recorded
-- version (PRAGMA user_version 0), one article whose last change is number 7, and one feed's state.
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
INSERT INTO meta (key, value) VALUES ('sequence', '7');
INSERT INTO articles (id, feed_id, item_key, guid, title, url, published, author, summary, body, language,
                      content_hash, first_seen, updated, seq)
VALUES ('165a296763b00eb8b50c', 'sample', 'guid:sample-kim-jong-un-russia', 'sample-kim-jong-un-russia',
        'કિમ જોંગ ઉનની રશિયાના યુદ્ધમાં સહાયની પ્રતિબદ્ધતા', 'https://example.org/gujarati-sample/kim-jong-un-russia',
        1732941900000, NULL, NULL, 'ઉત્તર કોરિયાના નેતા કિમ જોંગ ઉનએ શનિવારે રશિયાના રક્ષામંત્રી સાથેની બેઠક દરમિયાન જણાવ્યું.', 'gu',
        'f00d', 1732941900000, 1732941900000, 7);
INSERT INTO feed_state (feed_id, etag, consecutive_failures, last_new, last_updated) VALUES ('sample', '"v7"', 0, 1, 0);
