using System.Globalization;
using Indexer.Articles;
using Indexer.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indexer.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialised in-process (SQLite has one writer
/// anyway) and each upsert batch is one transaction, so a crash leaves either all of a fetch or none of it.
/// </summary>
public sealed class SqliteArticleStore : IArticleStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteArticleStore(IOptions<StorageOptions> options) : this(options.Value.DatabasePath) { }

    public SqliteArticleStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, SqliteSchema.Create, cancellationToken);
    }

    public async Task<UpsertResult> UpsertAsync(IReadOnlyList<ArticleDraft> drafts, CancellationToken cancellationToken)
    {
        if (drafts.Count == 0) return new UpsertResult(0, 0, 0);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var sequence = await ReadSequenceAsync(connection, transaction, cancellationToken);

            await using var find = Command(connection, transaction, "SELECT content_hash FROM articles WHERE id = $id");
            var findId = find.Parameters.Add("$id", SqliteType.Text);
            // Retention deleted it on purpose; a publisher still listing it must not bring it back every fetch.
            await using var retired = Command(connection, transaction, "SELECT 1 FROM deletions WHERE article_id = $id LIMIT 1");
            var retiredId = retired.Parameters.Add("$id", SqliteType.Text);

            await using var insert = Command(connection, transaction, """
                INSERT INTO articles (id, feed_id, item_key, guid, title, url, published, author, summary, body, language,
                                      content_hash, first_seen, updated, seq)
                VALUES ($id, $feed, $key, $guid, $title, $url, $published, $author, $summary, $body, $language,
                        $hash, $now, $now, $seq)
                ON CONFLICT (id) DO UPDATE SET
                    guid = excluded.guid, title = excluded.title, url = excluded.url, published = excluded.published,
                    author = excluded.author, summary = excluded.summary, body = excluded.body,
                    language = excluded.language, content_hash = excluded.content_hash,
                    updated = excluded.updated, seq = excluded.seq
                """);
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$id", "$feed", "$key", "$guid", "$title", "$url", "$published", "$author", "$summary", "$body", "$language", "$hash", "$now", "$seq" })
                p[name] = insert.Parameters.Add(name, name is "$published" or "$now" or "$seq" ? SqliteType.Integer : SqliteType.Text);

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            int added = 0, updated = 0, unchanged = 0;
            foreach (var draft in drafts)
            {
                findId.Value = draft.Id;
                var existingHash = (string?)await find.ExecuteScalarAsync(cancellationToken);
                if (existingHash == draft.ContentHash) { unchanged++; continue; }
                if (existingHash is null)
                {
                    retiredId.Value = draft.Id;
                    if (await retired.ExecuteScalarAsync(cancellationToken) is not null) { unchanged++; continue; }
                }
                if (existingHash is null) added++; else updated++;

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
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await WriteSequenceAsync(connection, transaction, sequence, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new UpsertResult(added, updated, unchanged);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<Article?> GetArticleAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ArticleColumns} FROM articles WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadArticle(reader) : null;
    }

    public async Task<IReadOnlyList<ArticleChange>> ReadChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var changes = new List<ArticleChange>(Math.Min(limit, 4096));
        await using (var command = Command(connection, null,
            $"SELECT {ArticleColumns}, seq FROM articles WHERE seq > $after ORDER BY seq LIMIT $limit"))
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
        await using (var command = Command(connection, null,
            "SELECT seq, article_id FROM deletions WHERE seq > $after ORDER BY seq LIMIT $limit"))
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
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadSequenceAsync(connection, null, cancellationToken);
    }

    public async Task<FeedState?> GetFeedStateAsync(string feedId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {FeedStateColumns} FROM feed_state WHERE feed_id = $id");
        command.Parameters.AddWithValue("$id", feedId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadFeedState(reader) : null;
    }

    public async Task<IReadOnlyDictionary<string, FeedState>> GetFeedStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {FeedStateColumns} FROM feed_state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new Dictionary<string, FeedState>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = ReadFeedState(reader);
            states[state.FeedId] = state;
        }
        return states;
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, null, $"""
                INSERT OR REPLACE INTO feed_state ({FeedStateColumns})
                VALUES ($id, $etag, $lm, $hash, $redirect, $redirectFrom, $fetched, $success, $status, $http, $error,
                        $failures, $retry, $new, $updated)
                """);
            command.Parameters.AddWithValue("$id", state.FeedId);
            command.Parameters.AddWithValue("$etag", (object?)state.ETag ?? DBNull.Value);
            command.Parameters.AddWithValue("$lm", (object?)state.LastModified ?? DBNull.Value);
            command.Parameters.AddWithValue("$hash", (object?)state.BodyHash ?? DBNull.Value);
            command.Parameters.AddWithValue("$redirect", (object?)state.RedirectUrl ?? DBNull.Value);
            command.Parameters.AddWithValue("$redirectFrom", (object?)state.RedirectFrom ?? DBNull.Value);
            command.Parameters.AddWithValue("$fetched", ToMillis(state.LastFetchedAt));
            command.Parameters.AddWithValue("$success", ToMillis(state.LastSuccessAt));
            command.Parameters.AddWithValue("$status", (object?)state.LastStatus ?? DBNull.Value);
            command.Parameters.AddWithValue("$http", (object?)state.LastHttpStatus ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)state.LastError ?? DBNull.Value);
            command.Parameters.AddWithValue("$failures", state.ConsecutiveFailures);
            command.Parameters.AddWithValue("$retry", ToMillis(state.NotBefore));
            command.Parameters.AddWithValue("$new", state.LastNewCount);
            command.Parameters.AddWithValue("$updated", state.LastUpdatedCount);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> CountArticlesByFeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT feed_id, COUNT(*) FROM articles GROUP BY feed_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<PublishingHistory> GetPublishingHistoryAsync(string feedId, DateTimeOffset since, int sample, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var published = new List<DateTimeOffset>(sample);
        await using (var command = Command(connection, null,
            "SELECT published FROM articles WHERE feed_id = $feed AND published >= $since ORDER BY published DESC LIMIT $sample"))
        {
            command.Parameters.AddWithValue("$feed", feedId);
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sample", sample);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                published.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
        }
        await using var count = Command(connection, null, "SELECT COUNT(*) FROM articles WHERE feed_id = $feed AND first_seen >= $since");
        count.Parameters.AddWithValue("$feed", feedId);
        count.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        var firstSeen = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return new PublishingHistory(published, firstSeen);
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteWhereAsync("COALESCE(published, first_seen) < $cutoff",
            c => c.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds()), cancellationToken);

    public Task<int> TrimFeedAsync(string feedId, int maxArticles, CancellationToken cancellationToken) =>
        DeleteWhereAsync("""
            id IN (SELECT id FROM articles WHERE feed_id = $feed
                   ORDER BY COALESCE(published, first_seen) DESC, id DESC LIMIT -1 OFFSET $keep)
            """,
            c => { c.Parameters.AddWithValue("$feed", feedId); c.Parameters.AddWithValue("$keep", maxArticles); },
            cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Command(connection, null, "SELECT COUNT(*) FROM meta");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Deletes matching articles and records each deletion under a new sequence number for the index.</summary>
    private async Task<int> DeleteWhereAsync(string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var ids = new List<string>();
            await using (var select = Command(connection, transaction, $"SELECT id FROM articles WHERE {where}"))
            {
                bind(select);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
            }
            if (ids.Count == 0) return 0;

            var sequence = await ReadSequenceAsync(connection, transaction, cancellationToken);
            await using var delete = Command(connection, transaction, "DELETE FROM articles WHERE id = $id");
            var deleteId = delete.Parameters.Add("$id", SqliteType.Text);
            await using var record = Command(connection, transaction, "INSERT INTO deletions (seq, article_id) VALUES ($seq, $id)");
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
            await transaction.CommitAsync(cancellationToken);
            return ids.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private const string ArticleColumns =
        "id, feed_id, guid, title, url, published, author, summary, body, language, first_seen, updated";
    private const int ArticleColumnCount = 12;

    private static Article ReadArticle(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        FeedId = r.GetString(1),
        Guid = r.IsDBNull(2) ? null : r.GetString(2),
        Title = r.GetString(3),
        Url = r.IsDBNull(4) ? null : r.GetString(4),
        Published = r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        Author = r.IsDBNull(6) ? null : r.GetString(6),
        Summary = r.IsDBNull(7) ? null : r.GetString(7),
        Body = r.GetString(8),
        Language = r.GetString(9),
        FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        Updated = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
    };

    private const string FeedStateColumns =
        "feed_id, etag, last_modified, body_hash, redirect_url, redirect_from, last_fetched_at, last_success_at, " +
        "last_status, last_http_status, last_error, consecutive_failures, retry_not_before, last_new, last_updated";

    private static FeedState ReadFeedState(SqliteDataReader r) => new()
    {
        FeedId = r.GetString(0),
        ETag = r.IsDBNull(1) ? null : r.GetString(1),
        LastModified = r.IsDBNull(2) ? null : r.GetString(2),
        BodyHash = r.IsDBNull(3) ? null : r.GetString(3),
        RedirectUrl = r.IsDBNull(4) ? null : r.GetString(4),
        RedirectFrom = r.IsDBNull(5) ? null : r.GetString(5),
        LastFetchedAt = FromMillis(r, 6),
        LastSuccessAt = FromMillis(r, 7),
        LastStatus = r.IsDBNull(8) ? null : r.GetString(8),
        LastHttpStatus = r.IsDBNull(9) ? null : r.GetInt32(9),
        LastError = r.IsDBNull(10) ? null : r.GetString(10),
        ConsecutiveFailures = r.GetInt32(11),
        NotBefore = FromMillis(r, 12),
        LastNewCount = r.GetInt32(13),
        LastUpdatedCount = r.GetInt32(14),
    };

    private static object ToMillis(DateTimeOffset? value) => (object?)value?.ToUnixTimeMilliseconds() ?? DBNull.Value;

    private static DateTimeOffset? FromMillis(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    private static async Task<long> ReadSequenceAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT value FROM meta WHERE key = 'sequence'");
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null ? 0 : long.Parse((string)value, CultureInfo.InvariantCulture);
    }

    private static async Task WriteSequenceAsync(SqliteConnection connection, SqliteTransaction transaction, long sequence, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "INSERT OR REPLACE INTO meta (key, value) VALUES ('sequence', $value)");
        command.Parameters.AddWithValue("$value", sequence.ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Per connection; WAL itself is a property of the file, set once in InitializeAsync.
        await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL;", cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
