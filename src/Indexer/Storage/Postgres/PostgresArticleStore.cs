using Indexer.Articles;
using Npgsql;
using NpgsqlTypes;
using static Indexer.Storage.Postgres.PostgresDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Postgres;

/// <summary>
/// Articles and their change log in PostgreSQL, written by every instance at once. A fetch's batch is one
/// transaction that works out what changed first and only then takes its block of change numbers, so writers
/// queue on the counter for no longer than one insert statement and a commit.
/// </summary>
internal sealed class PostgresArticleStore(PostgresDatabase database) : IArticleStore
{
    public async Task<UpsertResult> UpsertAsync(IReadOnlyList<ArticleDraft> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0) return new UpsertResult(0, 0, 0);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = drafts.Select(d => d.Id).Distinct().ToArray();
        var hashes = await ReadPairsAsync(connection, transaction, "SELECT id, content_hash FROM articles WHERE id = ANY($1)", ids, cancellationToken);
        // Retention deleted it on purpose; a publisher still listing it must not bring it back every fetch.
        var retired = (await ReadPairsAsync(connection, transaction, "SELECT DISTINCT article_id, '' FROM deletions WHERE article_id = ANY($1)", ids, cancellationToken)).Keys.ToHashSet();

        var restated = new RestatedItems();
        foreach (var (feedId, urls) in RestatedItems.LinksToLookUp(drafts, id => hashes.ContainsKey(id) || retired.Contains(id)))
        {
            await using var find = Command(connection, transaction, "SELECT url, guid, content_hash FROM articles WHERE feed_id = $1 AND url = ANY($2)");
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
            find.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = urls });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                restated.Add(feedId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
        }

        // Judged in order, as the embedded store does: an item listed twice in one feed counts once, then as unchanged or updated.
        var writes = new Dictionary<string, ArticleDraft>(StringComparer.Ordinal);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var draft in drafts)
        {
            var existing = hashes.GetValueOrDefault(draft.Id);
            if (existing is not null && ArticleFactory.IsUnchanged(draft, existing)) { unchanged++; continue; }
            if (existing is null && (retired.Contains(draft.Id) || restated.Restates(draft))) { unchanged++; continue; }
            if (existing is null)
            {
                added++;
                restated.Add(draft.FeedId, draft.Url, draft.Guid, draft.ContentHash);
            }
            else updated++;
            hashes[draft.Id] = draft.ContentHash;
            writes[draft.Id] = draft;
        }
        if (writes.Count > 0)
        {
            var rows = writes.Values.ToArray();
            // The queue first: the counter below is the one point every writer waits on, so it comes last.
            await PostgresPageQueue.ApplyAsync(connection, transaction, rows, cancellationToken);
            var first = await TakeSequenceNumbersAsync(connection, transaction, rows.Length, cancellationToken);
            await InsertAsync(connection, transaction, rows, first, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new UpsertResult(added, updated, unchanged);
    }

    /// <summary>
    /// An edited item keeps the story already read from its page while the new version waits for the same page:
    /// replaced by the feed's sentence at once, the story was out of searches until the page was read again, and
    /// lost for good when that failed (the site down, the page gone). The queue is written first in the same
    /// transaction, so a pending entry for this very version is what says the version wants its page.
    /// </summary>
    private const string KeepsStory = """
        articles.body_source = 'page' AND articles.url IS NOT DISTINCT FROM excluded.url
        AND EXISTS (SELECT 1 FROM page_queue q WHERE q.article_id = excluded.id AND q.content_hash = excluded.content_hash AND q.state = 'pending')
        """;

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ArticleDraft[] rows, long firstSequence, CancellationToken cancellationToken)
    {
        // One statement for the whole batch: the counter's row lock is held for as short a time as possible.
        await using var insert = Command(connection, transaction, $$"""
            INSERT INTO articles (id, feed_id, item_key, guid, title, url, published, author, summary, body, language,
                                  content_hash, first_seen, updated, seq)
            SELECT id, feed_id, item_key, guid, title, url, published, author, summary, body, language, content_hash, $14, $14, seq
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
                        $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[])
                 AS t (id, feed_id, item_key, guid, title, url, published, author, summary, body, language, content_hash, seq)
            ON CONFLICT (id) DO UPDATE SET
                guid = excluded.guid, title = excluded.title, url = excluded.url, published = excluded.published,
                author = excluded.author, summary = excluded.summary,
                body = CASE WHEN {{KeepsStory}} THEN articles.body ELSE excluded.body END,
                body_source = CASE WHEN {{KeepsStory}} THEN 'page' ELSE 'feed' END,
                language = excluded.language, content_hash = excluded.content_hash,
                updated = excluded.updated, seq = excluded.seq, extraction_error = NULL
            """);
        insert.Parameters.Add(TextArray(rows.Select(r => r.Id)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.FeedId)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.ItemKey)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.Guid)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.Title)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.Url)));
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = rows.Select(r => Millis(r.Published)).ToArray() });
        insert.Parameters.Add(TextArray(rows.Select(r => r.Author)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.Summary)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.Body)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.Language)));
        insert.Parameters.Add(TextArray(rows.Select(r => r.ContentHash)));
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Enumerable.Range(0, rows.Length).Select(i => firstSequence + i).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Article?> GetArticleAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ArticleColumns} FROM articles WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadArticle(reader, 0) : null;
    }

    public async Task<IReadOnlyList<Article>> GetArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ArticleColumns} FROM articles WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var articles = new List<Article>(ids.Count);
        while (await reader.ReadAsync(cancellationToken)) articles.Add(ReadArticle(reader, 0));
        return articles;
    }

    public async Task<IReadOnlyList<ArticleChange>> ReadChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One statement, one snapshot: articles and tombstones merged by number. A deletion has no feed_id.
        await using var command = Command(connection, null, $"""
            SELECT seq, {ArticleColumns} FROM articles WHERE seq > $1
            UNION ALL
            SELECT seq, article_id, {string.Join(", ", Enumerable.Repeat("NULL", ArticleColumnCount - 1))} FROM deletions WHERE seq > $1
            ORDER BY 1 LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<ArticleChange>(Math.Min(limit, 4096));
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            changes.Add(reader.IsDBNull(2)
                ? new ArticleChange(sequence, reader.GetString(1), null)
                : new ArticleChange(sequence, reader.GetString(1), ReadArticle(reader, 1)));
        }
        return changes;
    }

    public async Task<long> GetLastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT value FROM change_counter");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountArticlesByFeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT feed_id, COUNT(*) FROM articles GROUP BY feed_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<PublishingHistory> GetPublishingHistoryAsync(string feedId, DateTimeOffset since, int sample, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var published = new List<DateTimeOffset>(sample);
        await using (var command = Command(connection, null,
            "SELECT published FROM articles WHERE feed_id = $1 AND published >= $2 ORDER BY published DESC LIMIT $3"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = since.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = sample });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                published.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
        }
        await using var count = Command(connection, null, "SELECT COUNT(*) FROM articles WHERE feed_id = $1 AND first_seen >= $2");
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
        count.Parameters.Add(new NpgsqlParameter<long> { TypedValue = since.ToUnixTimeMilliseconds() });
        var firstSeen = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new PublishingHistory(published, firstSeen);
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteInBatchesAsync("SELECT id FROM articles WHERE COALESCE(published, first_seen) < $2 LIMIT $1",
            c => c.Parameters.Add(new NpgsqlParameter<long> { TypedValue = cutoff.ToUnixTimeMilliseconds() }), cancellationToken);

    public Task<int> TrimFeedAsync(string feedId, int maxArticles, CancellationToken cancellationToken) =>
        DeleteInBatchesAsync("""
            SELECT id FROM articles WHERE feed_id = $2
            ORDER BY COALESCE(published, first_seen) DESC, id DESC OFFSET $3 LIMIT $1
            """,
            c =>
            {
                c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
                c.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxArticles });
            },
            cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = Command(connection, null, "SELECT value FROM change_counter");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes what <paramref name="selectBatch"/> finds ($1 is the batch size), a batch per transaction: retention
    /// of a hundred thousand articles must not hold row locks and the change counter, which every fetch's
    /// transaction waits on, for its whole length.
    /// </summary>
    private async Task<int> DeleteInBatchesAsync(string selectBatch, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var deleted = await DeleteBatchAsync(selectBatch, bind, cancellationToken);
            total += deleted;
            // A short batch is the last (or one that another deleter took rows from: the next run sees the rest).
            if (deleted < DeleteBatchSize) return total;
        }
    }

    /// <summary>Deletes one batch and records each deletion under a new number of the change log.</summary>
    private async Task<int> DeleteBatchAsync(string selectBatch, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<string>(DeleteBatchSize);
        // Locked in id order, so two instances running retention at once cannot deadlock; a row another
        // transaction deleted meanwhile is simply not returned.
        await using (var select = Command(connection, transaction, $"SELECT id FROM articles WHERE id IN ({selectBatch}) ORDER BY id FOR UPDATE"))
        {
            select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = DeleteBatchSize });
            bind(select);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        }
        if (ids.Count == 0) return 0;

        foreach (var table in new[] { "articles WHERE id", "page_queue WHERE article_id" })
        {
            await using var delete = Command(connection, transaction, $"DELETE FROM {table} = ANY($1)");
            delete.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids] });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var first = await TakeSequenceNumbersAsync(connection, transaction, ids.Count, cancellationToken);
        await using (var record = Command(connection, transaction, "INSERT INTO deletions (seq, article_id) SELECT * FROM unnest($1::bigint[], $2::text[])"))
        {
            record.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Enumerable.Range(0, ids.Count).Select(i => first + i).ToArray() });
            record.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids] });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    private const int DeleteBatchSize = 1000;

    private static async Task<Dictionary<string, string?>> ReadPairsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) pairs[reader.GetString(0)] = reader.GetString(1);
        return pairs;
    }

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };
}
