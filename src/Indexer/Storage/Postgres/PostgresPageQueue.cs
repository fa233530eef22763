using Indexer.Articles;
using Npgsql;
using static Indexer.Storage.Postgres.PostgresDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Postgres;

/// <summary>
/// The page queue in PostgreSQL, shared by every instance. A claim takes due rows with FOR UPDATE SKIP LOCKED, so
/// instances claiming at once get different pages without waiting on each other; the lease (lease_owner,
/// lease_until) outlives the claiming transaction and hands the page to another instance if its owner dies.
/// Completing locks the row, checks the claim still holds, and writes the story under a number of the change
/// counter, taken last.
/// </summary>
internal sealed class PostgresPageQueue(PostgresDatabase database) : IPageQueue
{
    public async Task<IReadOnlyList<PageClaim>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var claim = Command(connection, null, $"""
            UPDATE page_queue q SET lease_owner = $1, lease_until = $2, attempts = q.attempts + 1
            FROM (SELECT article_id FROM page_queue
                  WHERE state = 'pending' AND not_before <= $3 AND (lease_until IS NULL OR lease_until <= $3)
                  ORDER BY not_before, article_id LIMIT $4
                  FOR UPDATE SKIP LOCKED) due
            WHERE q.article_id = due.article_id
            RETURNING {string.Join(", ", PageClaimColumns.Split(", ").Select(c => "q." + c))}
            """);
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now + lease).ToUnixTimeMilliseconds() });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var claims = new List<PageClaim>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) claims.Add(ReadPageClaim(reader));
        return claims;
    }

    public async Task<int> RenewAsync(string owner, IReadOnlyCollection<string> articleIds, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (articleIds.Count == 0) return 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var renew = Command(connection, null,
            "UPDATE page_queue SET lease_until = $1 WHERE article_id = ANY($2) AND lease_owner = $3 AND state = 'pending'");
        renew.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now + lease).ToUnixTimeMilliseconds() });
        renew.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. articleIds] });
        renew.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        return await renew.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> CompleteAsync(PageClaim claim, string owner, PageStory story, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockHeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
        await Execute(connection, transaction, "DELETE FROM page_queue WHERE article_id = $1", cancellationToken, claim.ArticleId);
        var sequence = await TakeSequenceNumbersAsync(connection, transaction, 1, cancellationToken);
        await Execute(connection, transaction, """
            UPDATE articles SET body = $2, body_source = 'page', page_author = $3, page_published = $4, image_url = $5,
                                canonical_url = $6, extracted_at = $7, extraction_error = NULL, updated = $7, seq = $8
            WHERE id = $1
            """, cancellationToken, claim.ArticleId, story.Body, story.Author, Millis(story.Published), story.ImageUrl,
            story.CanonicalUrl, now.ToUnixTimeMilliseconds(), sequence);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> FailAsync(PageClaim claim, string owner, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockHeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
        await Execute(connection, transaction,
            "UPDATE page_queue SET state = $2, not_before = $3, lease_owner = NULL, lease_until = NULL, last_error = $4 WHERE article_id = $1",
            cancellationToken, claim.ArticleId, retryAt is null ? "failed" : "pending", (retryAt ?? now).ToUnixTimeMilliseconds(), error);
        await Execute(connection, transaction, "UPDATE articles SET extracted_at = $2, extraction_error = $3 WHERE id = $1",
            cancellationToken, claim.ArticleId, now.ToUnixTimeMilliseconds(), error);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> ReleaseAsync(PageClaim claim, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockHeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
        await Execute(connection, transaction,
            "UPDATE page_queue SET attempts = attempts - 1, not_before = $2, lease_owner = NULL, lease_until = NULL WHERE article_id = $1",
            cancellationToken, claim.ArticleId, retryAt.ToUnixTimeMilliseconds());
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DropAsync(PageClaim claim, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockHeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
        await Execute(connection, transaction, "DELETE FROM page_queue WHERE article_id = $1", cancellationToken, claim.ArticleId);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> DropOtherFeedsAsync(IReadOnlyCollection<string> feedIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var drop = Command(connection, null,
            "DELETE FROM page_queue WHERE state = 'pending' AND NOT (feed_id = ANY($1)) AND (lease_until IS NULL OR lease_until <= $2)");
        drop.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. feedIds] });
        drop.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        return await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PageQueueCounts>> CountByFeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT feed_id, state, COUNT(*) FROM page_queue GROUP BY feed_id, state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadPageCountsAsync(reader, cancellationToken);
    }

    /// <summary>
    /// The queue side of an upsert, inside its transaction: articles whose new version wants its page are pending
    /// from scratch (whatever became of the last version's); the others leave the queue.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ArticleDraft[] rows, CancellationToken cancellationToken)
    {
        var wanted = rows.Where(r => r.WantsPage).ToArray();
        if (wanted.Length > 0)
        {
            await Execute(connection, transaction, """
                INSERT INTO page_queue (article_id, feed_id, url, content_hash, state, attempts, not_before, enqueued_at)
                SELECT id, feed_id, url, hash, 'pending', 0, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t (id, feed_id, url, hash)
                ON CONFLICT (article_id) DO UPDATE SET
                    url = excluded.url, content_hash = excluded.content_hash, state = 'pending', attempts = 0,
                    not_before = excluded.not_before, lease_owner = NULL, lease_until = NULL, last_error = NULL,
                    enqueued_at = excluded.enqueued_at
                """, cancellationToken, wanted.Select(r => r.Id).ToArray(), wanted.Select(r => r.FeedId).ToArray(),
                wanted.Select(r => r.Url!).ToArray(), wanted.Select(r => r.ContentHash).ToArray(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        var unwanted = rows.Where(r => !r.WantsPage).Select(r => r.Id).ToArray();
        if (unwanted.Length > 0)
            await Execute(connection, transaction, "DELETE FROM page_queue WHERE article_id = ANY($1)", cancellationToken, (object)unwanted);
    }

    private static async Task<bool> LockHeldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PageClaim claim, string owner, CancellationToken cancellationToken)
    {
        await using var held = Command(connection, transaction,
            "SELECT 1 FROM page_queue WHERE article_id = $1 AND lease_owner = $2 AND content_hash = $3 AND state = 'pending' FOR UPDATE");
        held.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.ArticleId });
        held.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        held.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.ContentHash });
        return await held.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>One statement with positional parameters; null values are sent as SQL NULL of their column's type.</summary>
    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, transaction, sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
