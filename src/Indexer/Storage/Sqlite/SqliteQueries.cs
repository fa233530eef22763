using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Sqlite;

/// <summary>
/// The statements the SQLite store runs against articles, deletions and the alerts' outbox at every size, in one list, so that a test
/// can ask SQLite for each one's plan (EXPLAIN QUERY PLAN) and fail on a full scan or a sort in a temporary b-tree:
/// at a million articles either turns milliseconds into seconds.
/// </summary>
internal static class SqliteQueries
{
    /// <summary>The stored content hash of each of the ids in the JSON array $ids that the store holds.</summary>
    public const string FindHashes = "SELECT id, content_hash FROM articles WHERE id IN (SELECT value FROM json_each($ids))";
    /// <summary>Which of the ids in the JSON array $ids retention deleted.</summary>
    public const string FindRetiredAmong = "SELECT DISTINCT article_id FROM deletions WHERE article_id IN (SELECT value FROM json_each($ids))";
    /// <summary>The guid and content hash of feed $feed's articles at the links in the JSON array $urls.</summary>
    public const string FindByLinks = "SELECT url, guid, content_hash FROM articles WHERE feed_id = $feed AND url IN (SELECT value FROM json_each($urls))";
    public static readonly string ArticleChanges = $"SELECT {ArticleColumns}, seq FROM articles WHERE seq > $after ORDER BY seq LIMIT $limit";
    public const string DeletionChanges = "SELECT seq, article_id FROM deletions WHERE seq > $after ORDER BY seq LIMIT $limit";
    public const string CountByFeed = "SELECT feed_id, COUNT(*) FROM articles GROUP BY feed_id";
    public const string RecentPublished = "SELECT published FROM articles WHERE feed_id = $feed AND published >= $since ORDER BY published DESC LIMIT $sample";
    public const string FirstSeenSince = "SELECT COUNT(*) FROM articles WHERE feed_id = $feed AND first_seen >= $since";
    /// <summary>Retention by age: the expression matches the index articles_age exactly, or SQLite cannot use it.</summary>
    public const string ExpiredBatch = "SELECT id FROM articles WHERE COALESCE(published, first_seen) < $cutoff LIMIT $batch";
    /// <summary>A feed's articles beyond its newest $keep, oldest last: one backward walk of articles_feed_age.</summary>
    public const string TrimBatch = """
        SELECT id FROM articles WHERE feed_id = $feed
        ORDER BY COALESCE(published, first_seen) DESC, id DESC LIMIT $batch OFFSET $keep
        """;

    /// <summary>The delivery worker's reads, after every attempt: however long the backlog, a short range of an index.</summary>
    public static readonly string PendingAfter = PendingAfterQuery("$seq", "$place_alert", "$limit");
    public static readonly string PendingOfAlert = PendingOfAlertQuery("$alert", "$seq", "$place_alert", "$limit");

    public static IReadOnlyList<string> All { get; } =
        [FindHashes, FindRetiredAmong, FindByLinks, ArticleChanges, DeletionChanges, CountByFeed, RecentPublished, FirstSeenSince, ExpiredBatch, TrimBatch, PendingAfter, PendingOfAlert];
}
