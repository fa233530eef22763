using System.Data.Common;
using Indexer.Articles;

namespace Indexer.Storage;

/// <summary>
/// The column lists and row readers every provider shares: the tables have the same columns in each database,
/// with times as Unix milliseconds (UTC), so one reader serves SQLite's and PostgreSQL's rows alike.
/// </summary>
internal static class StoredRows
{
    public const string ArticleColumns = "id, feed_id, guid, title, url, published, author, summary, body, language, first_seen, updated";
    public const int ArticleColumnCount = 12;

    public const string FeedStateColumns =
        "feed_id, etag, last_modified, body_hash, redirect_url, redirect_from, last_fetched_at, last_success_at, " +
        "last_status, last_http_status, last_error, consecutive_failures, retry_not_before, last_new, last_updated, last_warning";

    public const string PendingDeliveryColumns =
        "delivery_id, alert_id, article_id, seq, payload, matched_at, attempts, next_attempt_at, claimed_until";

    /// <summary>The oldest few pending deliveries of each alert (the parameter), oldest first; the same SQL on both databases.</summary>
    public static string PendingDeliveriesQuery(string perAlertParameter) => $"""
        SELECT {PendingDeliveryColumns} FROM (
            SELECT {PendingDeliveryColumns}, ROW_NUMBER() OVER (PARTITION BY alert_id ORDER BY seq) AS place
            FROM alert_deliveries WHERE state = 'pending') oldest
        WHERE place <= {perAlertParameter}
        ORDER BY seq, alert_id
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
    };

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
    };

    public static long? Millis(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
