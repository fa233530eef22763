using System.Data.Common;
using Indexer.Articles;

namespace Indexer.Storage;

/// <summary>
/// The column lists and row readers every provider shares: the tables have the same columns in each database,
/// with times as Unix milliseconds (UTC), so one reader serves SQLite's and PostgreSQL's rows alike.
/// </summary>
internal static class StoredRows
{
    /// <summary>The feed's author and date win; the page's fill in where the feed gave none.</summary>
    public const string ArticleColumns =
        "id, feed_id, guid, title, url, COALESCE(published, page_published), COALESCE(author, page_author), summary, body, language, " +
        "first_seen, updated, body_source, image_url, canonical_url, extracted_at, extraction_error";
    public const int ArticleColumnCount = 17;

    /// <summary>What body_source holds for each <see cref="BodySource"/>.</summary>
    public static string BodySourceName(BodySource source) => source == BodySource.Page ? "page" : "feed";

    public const string FeedStateColumns =
        "feed_id, etag, last_modified, body_hash, redirect_url, redirect_from, last_fetched_at, last_success_at, " +
        "last_status, last_http_status, last_error, consecutive_failures, retry_not_before, last_new, last_updated, last_warning, fetched_from";

    public const string PendingDeliveryColumns =
        "delivery_id, alert_id, article_id, seq, payload, matched_at, attempts, next_attempt_at, claimed_until";

    /// <summary>
    /// Pending deliveries after a place (sequence, alert) in the outbox's order, the first few (the same SQL on both
    /// databases, given each one's parameter names): a range of the pending index on (seq, alert_id), so reading the
    /// new ones costs the same however many wait behind them.
    /// </summary>
    public static string PendingAfterQuery(string sequence, string alertId, string limit) => $"""
        SELECT {PendingDeliveryColumns} FROM alert_deliveries
        WHERE state = 'pending' AND seq >= {sequence} AND (seq > {sequence} OR alert_id > {alertId})
        ORDER BY seq, alert_id
        LIMIT {limit}
        """;

    /// <summary>One alert's oldest pending deliveries up to a place (included): a range of the index on (alert_id, seq).</summary>
    public static string PendingOfAlertQuery(string alert, string sequence, string alertId, string limit) => $"""
        SELECT {PendingDeliveryColumns} FROM alert_deliveries
        WHERE state = 'pending' AND alert_id = {alert} AND seq <= {sequence} AND (seq < {sequence} OR alert_id <= {alertId})
        ORDER BY seq
        LIMIT {limit}
        """;

    /// <summary>
    /// Schema step 6 in both providers (the same SQL in both dialects): one alert's pending deliveries in order,
    /// which the delivery worker reads after each attempt instead of ranking the whole backlog.
    /// </summary>
    public const string PendingByAlertSchema = """
        CREATE INDEX alert_deliveries_pending_alert ON alert_deliveries (alert_id, seq) WHERE state = 'pending';
        """;

    /// <summary>
    /// Schema step 8 in both providers (the same SQL in both dialects): a feed's articles by link, where the store
    /// looks for the article an item listed again under a new guid already is (<see cref="RestatedItems"/>).
    /// </summary>
    public const string ArticlesByLinkSchema = """
        CREATE INDEX articles_feed_url ON articles (feed_id, url);
        """;

    /// <summary>Every alert that has been seen, with its matches counted by state (the same SQL on both databases).</summary>
    public const string AlertStatsQuery = """
        SELECT s.alert_id, COALESCE(c.matches, 0), COALESCE(c.delivered, 0), COALESCE(c.pending, 0), COALESCE(c.failed, 0),
               s.last_delivered_at, s.last_error, s.last_error_at
        FROM alert_state s
        LEFT JOIN (SELECT alert_id, COUNT(*) AS matches,
                          SUM(CASE WHEN state = 'delivered' THEN 1 ELSE 0 END) AS delivered,
                          SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) AS pending,
                          SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed
                   FROM alert_deliveries GROUP BY alert_id) c ON c.alert_id = s.alert_id
        """;

    public static PendingDelivery ReadPendingDelivery(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), Time(r, 5)!.Value, r.GetInt32(6),
        Time(r, 7)!.Value, Time(r, 8));

    /// <summary>Reads the rows of <see cref="AlertStatsQuery"/>, per alert id.</summary>
    public static async Task<IReadOnlyDictionary<string, AlertDeliveryStats>> ReadAlertStatsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var stats = new Dictionary<string, AlertDeliveryStats>(StringComparer.Ordinal);
        while (await r.ReadAsync(cancellationToken))
            stats[r.GetString(0)] = new AlertDeliveryStats(r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), Time(r, 5), Text(r, 6), Time(r, 7));
        return stats;
    }

    /// <summary>How a delivery's state is written in both databases.</summary>
    public static string StateText(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        _ => "failed",
    };

    /// <param name="o">The column of <c>id</c>, for queries that select something before the article.</param>
    public static Article ReadArticle(DbDataReader r, int o = 0) => new()
    {
        Id = r.GetString(o),
        FeedId = r.GetString(o + 1),
        Guid = Text(r, o + 2),
        Title = r.GetString(o + 3),
        Url = Text(r, o + 4),
        Published = Time(r, o + 5),
        Author = Text(r, o + 6),
        Summary = Text(r, o + 7),
        Body = r.GetString(o + 8),
        Language = r.GetString(o + 9),
        FirstSeen = Time(r, o + 10)!.Value,
        Updated = Time(r, o + 11)!.Value,
        BodySource = r.GetString(o + 12) == "page" ? BodySource.Page : BodySource.Feed,
        ImageUrl = Text(r, o + 13),
        CanonicalUrl = Text(r, o + 14),
        ExtractedAt = Time(r, o + 15),
        ExtractionError = Text(r, o + 16),
    };

    public static PageClaim ReadPageClaim(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4));

    public static FeedState ReadFeedState(DbDataReader r) => new()
    {
        FeedId = r.GetString(0),
        ETag = Text(r, 1),
        LastModified = Text(r, 2),
        BodyHash = Text(r, 3),
        RedirectUrl = Text(r, 4),
        RedirectFrom = Text(r, 5),
        LastFetchedAt = Time(r, 6),
        LastSuccessAt = Time(r, 7),
        LastStatus = Text(r, 8),
        LastHttpStatus = r.IsDBNull(9) ? null : r.GetInt32(9),
        LastError = Text(r, 10),
        ConsecutiveFailures = r.GetInt32(11),
        NotBefore = Time(r, 12),
        LastNewCount = r.GetInt32(13),
        LastUpdatedCount = r.GetInt32(14),
        LastWarning = Text(r, 15),
        FetchedFrom = Text(r, 16),
    };

    public static long? Millis(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    /// <summary>Pending and failed pages per feed, from rows of (feed_id, state, count).</summary>
    public static async Task<IReadOnlyDictionary<string, PageQueueCounts>> ReadPageCountsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, PageQueueCounts>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var feed = reader.GetString(0);
            var n = reader.GetInt64(2);
            var current = counts.GetValueOrDefault(feed) ?? new PageQueueCounts(0, 0);
            counts[feed] = reader.GetString(1) == "failed" ? current with { Failed = current.Failed + n } : current with { Pending = current.Pending + n };
        }
        return counts;
    }

    /// <summary>The columns a claim returns, in <see cref="ReadPageClaim"/>'s order.</summary>
    public const string PageClaimColumns = "article_id, feed_id, url, content_hash, attempts";

    /// <summary>
    /// Schema step 2 in both providers (the SQL is the same in both dialects): the page's part of an article, and
    /// the queue of pages to fetch. Times are Unix milliseconds.
    /// </summary>
    public const string PagesSchema = """
        ALTER TABLE articles ADD COLUMN body_source TEXT NOT NULL DEFAULT 'feed';
        ALTER TABLE articles ADD COLUMN page_author TEXT;
        ALTER TABLE articles ADD COLUMN page_published BIGINT;
        ALTER TABLE articles ADD COLUMN image_url TEXT;
        ALTER TABLE articles ADD COLUMN canonical_url TEXT;
        ALTER TABLE articles ADD COLUMN extracted_at BIGINT;
        ALTER TABLE articles ADD COLUMN extraction_error TEXT;
        -- One row per article whose page is wanted: 'pending' until its story is written (then the row goes),
        -- 'failed' once the tries are used up. content_hash is the article version it was queued for.
        CREATE TABLE page_queue (
            article_id   TEXT    PRIMARY KEY,
            feed_id      TEXT    NOT NULL,
            url          TEXT    NOT NULL,
            content_hash TEXT    NOT NULL,
            state        TEXT    NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            not_before   BIGINT  NOT NULL,
            lease_owner  TEXT,
            lease_until  BIGINT,
            last_error   TEXT,
            enqueued_at  BIGINT  NOT NULL
        );
        CREATE INDEX page_queue_due ON page_queue (state, not_before);
        CREATE INDEX page_queue_feed ON page_queue (feed_id, state);
        """;

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
