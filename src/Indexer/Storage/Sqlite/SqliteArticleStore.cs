using System.Globalization;
using Indexer.Articles;
using Microsoft.Data.Sqlite;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Sqlite;

/// <summary>
/// Articles and their change log in SQLite. Writes are serialised in-process (SQLite has one writer anyway), so
/// the next number of the sequence, kept in the meta table, is read and written inside each writing transaction:
/// numbers are committed in order. Each upsert batch is one transaction, so a crash leaves all of a fetch or none.
/// </summary>
internal sealed class SqliteArticleStore(SqliteDatabase database) : IArticleStore
{
    private readonly FeedCounts _feedCounts = new();

    public async Task<UpsertResult> UpsertAsync(IReadOnlyList<ArticleDraft> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0) return new UpsertResult(0, 0, 0);
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            // A feed's items land all over the articles' b-trees (ids are hashes): with SQLite's default 2 MB cache
            // their index pages were read back from the file item after item. The writer alone holds the larger
            // cache, and gives it back before the connection returns to the pool for readers.
            await SqliteDatabase.ExecuteAsync(connection, null, $"PRAGMA cache_size = -{WriterCacheKiB};", cancellationToken);
            try
            {
                return await UpsertAsync(connection, drafts, _feedCounts, cancellationToken);
            }
            finally
            {
                await SqliteDatabase.ExecuteAsync(connection, null, $"PRAGMA cache_size = -{DefaultCacheKiB};", CancellationToken.None);
            }
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    /// <summary>
    /// An edited item keeps the story already read from its page while the new version waits for the same page:
    /// replaced by the feed's sentence at once, the story was out of searches until the page was read again, and
    /// lost for good when that failed (the site down, the page gone).
    /// </summary>
    private const string KeepsStory = "$wantsPage = 1 AND articles.body_source = 'page' AND articles.url IS excluded.url";

    private const int WriterCacheKiB = 32 * 1024;
    private const int DefaultCacheKiB = 2000;

    private static async Task<UpsertResult> UpsertAsync(SqliteConnection connection, IReadOnlyList<ArticleDraft> drafts, FeedCounts feedCounts, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var sequence = await ReadSequenceAsync(connection, transaction, cancellationToken);
        var first = sequence;
        var addedPerFeed = new Dictionary<string, int>(StringComparer.Ordinal);

        // What the store already holds of this batch, in two statements rather than two per item: a feed
        // brings hundreds of items, most of them unchanged or new.
        var ids = System.Text.Json.JsonSerializer.Serialize(drafts.Select(d => d.Id).Distinct(StringComparer.Ordinal));
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var find = SqliteDatabase.Command(connection, transaction, SqliteQueries.FindHashes))
        {
            find.Parameters.AddWithValue("$ids", ids);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) hashes[reader.GetString(0)] = reader.GetString(1);
        }
        // Retention deleted it on purpose; a publisher still listing it must not bring it back every fetch.
        var retired = new HashSet<string>(StringComparer.Ordinal);
        await using (var find = SqliteDatabase.Command(connection, transaction, SqliteQueries.FindRetiredAmong))
        {
            find.Parameters.AddWithValue("$ids", ids);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) retired.Add(reader.GetString(0));
        }
        var restated = new RestatedItems();
        foreach (var (feedId, urls) in RestatedItems.LinksToLookUp(drafts, id => hashes.ContainsKey(id) || retired.Contains(id)))
        {
            await using var find = SqliteDatabase.Command(connection, transaction, SqliteQueries.FindByLinks);
            find.Parameters.AddWithValue("$feed", feedId);
            find.Parameters.AddWithValue("$urls", System.Text.Json.JsonSerializer.Serialize(urls));
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                restated.Add(feedId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
        }

        await using var insert = SqliteDatabase.Command(connection, transaction, $$"""
            INSERT INTO articles (id, feed_id, item_key, guid, title, url, published, author, summary, body, language,
                                  content_hash, first_seen, updated, seq)
            VALUES ($id, $feed, $key, $guid, $title, $url, $published, $author, $summary, $body, $language,
                    $hash, $now, $now, $seq)
            ON CONFLICT (id) DO UPDATE SET
                guid = excluded.guid, title = excluded.title, url = excluded.url, published = excluded.published,
                author = excluded.author, summary = excluded.summary,
                body = CASE WHEN {{KeepsStory}} THEN articles.body ELSE excluded.body END,
                body_source = CASE WHEN {{KeepsStory}} THEN 'page' ELSE 'feed' END,
                language = excluded.language, content_hash = excluded.content_hash,
                updated = excluded.updated, seq = excluded.seq, extraction_error = NULL
            """);
        await using var pages = new SqlitePageQueue.Writer(connection, transaction);
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$id", "$feed", "$key", "$guid", "$title", "$url", "$published", "$author", "$summary", "$body", "$language", "$hash", "$now", "$seq", "$wantsPage" })
            p[name] = insert.Parameters.Add(name, name is "$published" or "$now" or "$seq" or "$wantsPage" ? SqliteType.Integer : SqliteType.Text);

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        int added = 0, updated = 0, unchanged = 0;
        foreach (var draft in drafts)
        {
            var existingHash = hashes.GetValueOrDefault(draft.Id);
            if (existingHash is not null && ArticleFactory.IsUnchanged(draft, existingHash)) { unchanged++; continue; }
            if (existingHash is null && (retired.Contains(draft.Id) || restated.Restates(draft))) { unchanged++; continue; }
            if (existingHash is null)
            {
                added++;
                addedPerFeed[draft.FeedId] = addedPerFeed.GetValueOrDefault(draft.FeedId) + 1;
                restated.Add(draft.FeedId, draft.Url, draft.Guid, draft.ContentHash);
            }
            else updated++;
            // The same item twice in one feed: the second compares with the first.
            hashes[draft.Id] = draft.ContentHash;

            p["$id"].Value = draft.Id;
            p["$feed"].Value = draft.FeedId;
            p["$key"].Value = draft.ItemKey;
            p["$guid"].Value = (object?)draft.Guid ?? DBNull.Value;
            p["$title"].Value = draft.Title;
            p["$url"].Value = (object?)draft.Url ?? DBNull.Value;
            p["$published"].Value = (object?)draft.Published?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            p["$author"].Value = (object?)draft.Author ?? DBNull.Value;
            p["$summary"].Value = (object?)draft.Summary ?? DBNull.Value;
            p["$body"].Value = draft.Body;
            p["$language"].Value = draft.Language;
            p["$hash"].Value = draft.ContentHash;
            p["$now"].Value = now;
            p["$seq"].Value = ++sequence;
            p["$wantsPage"].Value = draft.WantsPage ? 1 : 0;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await pages.ApplyAsync(draft, now, isNew: existingHash is null, cancellationToken);
        }

        await WriteSequenceAsync(connection, transaction, sequence, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        feedCounts.Added(first, sequence, addedPerFeed);
        return new UpsertResult(added, updated, unchanged);
    }

    public async Task<Article?> GetArticleAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null, $"SELECT {ArticleColumns} FROM articles WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadArticle(reader) : null;
    }

    public async Task<IReadOnlyList<Article>> GetArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        // One statement whatever the count: the ids travel as one JSON array rather than as hundreds of parameters.
        await using var command = SqliteDatabase.Command(connection, null,
            $"SELECT {ArticleColumns} FROM articles WHERE id IN (SELECT value FROM json_each($ids))");
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var articles = new List<Article>(ids.Count);
        while (await reader.ReadAsync(cancellationToken)) articles.Add(ReadArticle(reader));
        return articles;
    }

    public async Task<IReadOnlyList<ArticleChange>> ReadChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changes = new List<ArticleChange>(Math.Min(limit, 4096));
        await using (var command = SqliteDatabase.Command(connection, null,
            SqliteQueries.ArticleChanges))
        {
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var article = ReadArticle(reader);
                changes.Add(new ArticleChange(reader.GetInt64(ArticleColumnCount), article.Id, article));
            }
        }
        await using (var command = SqliteDatabase.Command(connection, null,
            SqliteQueries.DeletionChanges))
        {
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                changes.Add(new ArticleChange(reader.GetInt64(0), reader.GetString(1), null));
        }
        // Two sorted lists merged; cut at the limit so that no change below the cut is skipped.
        changes.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return changes.Count > limit ? changes.GetRange(0, limit) : changes;
    }

    public async Task<long> GetLastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadSequenceAsync(connection, null, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountArticlesByFeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (_feedCounts.At(await ReadSequenceAsync(connection, null, cancellationToken)) is { } known) return known;

        // The sequence and the counts from one snapshot (a deferred transaction only reads), so they belong together.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var sequence = await ReadSequenceAsync(connection, transaction, cancellationToken);
        await using var command = SqliteDatabase.Command(connection, transaction, SqliteQueries.CountByFeed);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        _feedCounts.Counted(sequence, counts);
        return counts;
    }

    public async Task<PublishingHistory> GetPublishingHistoryAsync(string feedId, DateTimeOffset since, int sample, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var published = new List<DateTimeOffset>(sample);
        await using (var command = SqliteDatabase.Command(connection, null,
            SqliteQueries.RecentPublished))
        {
            command.Parameters.AddWithValue("$feed", feedId);
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sample", sample);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                published.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
        }
        await using var count = SqliteDatabase.Command(connection, null, SqliteQueries.FirstSeenSince);
        count.Parameters.AddWithValue("$feed", feedId);
        count.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        var firstSeen = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return new PublishingHistory(published, firstSeen);
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteInBatchesAsync(SqliteQueries.ExpiredBatch,
            c => c.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds()), cancellationToken);

    public Task<int> TrimFeedAsync(string feedId, int maxArticles, CancellationToken cancellationToken) =>
        DeleteInBatchesAsync(SqliteQueries.TrimBatch,
            c => { c.Parameters.AddWithValue("$feed", feedId); c.Parameters.AddWithValue("$keep", maxArticles); },
            cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = SqliteDatabase.Command(connection, null, "SELECT COUNT(*) FROM meta");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes what <paramref name="selectBatch"/> finds, a batch at a time, each batch its own short transaction:
    /// retention of a hundred thousand articles must not hold the write lock (and so every fetch) for its whole
    /// length. Then gives the freed pages back to the file system a little at a time.
    /// </summary>
    private async Task<int> DeleteInBatchesAsync(string selectBatch, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var deleted = await DeleteBatchAsync(selectBatch, bind, cancellationToken);
            total += deleted;
            if (deleted < DeleteBatchSize) break;
            // Let a waiting fetch take the lock between batches.
            await Task.Yield();
        }
        if (total > 0) await ReleaseFreePagesAsync(cancellationToken);
        return total;
    }

    /// <summary>Deletes one batch and records each deletion under a new sequence number for the index.</summary>
    private Task<int> DeleteBatchAsync(string selectBatch, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var ids = new List<string>(DeleteBatchSize);
            await using (var select = SqliteDatabase.Command(connection, transaction, selectBatch))
            {
                bind(select);
                select.Parameters.AddWithValue("$batch", DeleteBatchSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
            }
            if (ids.Count == 0) return 0;

            var sequence = await ReadSequenceAsync(connection, transaction, cancellationToken);
            await using var delete = SqliteDatabase.Command(connection, transaction, "DELETE FROM articles WHERE id = $id");
            var deleteId = delete.Parameters.Add("$id", SqliteType.Text);
            await using var record = SqliteDatabase.Command(connection, transaction,
                "INSERT INTO deletions (seq, article_id) VALUES ($seq, $id); DELETE FROM page_queue WHERE article_id = $id;");
            var recordSeq = record.Parameters.Add("$seq", SqliteType.Integer);
            var recordId = record.Parameters.Add("$id", SqliteType.Text);
            foreach (var id in ids)
            {
                deleteId.Value = id;
                await delete.ExecuteNonQueryAsync(cancellationToken);
                recordSeq.Value = ++sequence;
                recordId.Value = id;
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await WriteSequenceAsync(connection, transaction, sequence, cancellationToken);
            return ids.Count;
        }, cancellationToken);

    /// <summary>
    /// In a file created with auto_vacuum=INCREMENTAL (every new one), returns free pages to the file system in
    /// steps, releasing the write lock between them; in an older file SQLite reuses them for new rows instead.
    /// </summary>
    private async Task ReleaseFreePagesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await database.WriteLock.WaitAsync(cancellationToken);
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                if (await ScalarAsync(connection, "PRAGMA auto_vacuum;", cancellationToken) != IncrementalVacuum) return;
                if (await ScalarAsync(connection, "PRAGMA freelist_count;", cancellationToken) == 0) return;
                await SqliteDatabase.ExecuteAsync(connection, null, $"PRAGMA incremental_vacuum({VacuumPagesPerStep});", cancellationToken);
            }
            finally
            {
                database.WriteLock.Release();
            }
            await Task.Yield();
        }
    }

    private const int DeleteBatchSize = 1000;
    private const int VacuumPagesPerStep = 2000;
    private const long IncrementalVacuum = 2;

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, null, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    internal static async Task<long> ReadSequenceAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, "SELECT value FROM meta WHERE key = 'sequence'");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null ? 0 : long.Parse((string)value, CultureInfo.InvariantCulture);
    }

    internal static async Task WriteSequenceAsync(SqliteConnection connection, SqliteTransaction transaction, long sequence, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, "INSERT OR REPLACE INTO meta (key, value) VALUES ('sequence', $value)");
        command.Parameters.AddWithValue("$value", sequence.ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
