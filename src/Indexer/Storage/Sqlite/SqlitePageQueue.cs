using Indexer.Articles;
using Microsoft.Data.Sqlite;
using static Indexer.Storage.Sqlite.SqliteDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Sqlite;

/// <summary>
/// The page queue in SQLite. Every write holds the database's write lock, so a claim's select and update are one
/// step for every worker of the process; the lease still matters here: a process killed mid-fetch leaves its
/// claims, which the next start takes over when they run out.
/// </summary>
internal sealed class SqlitePageQueue(SqliteDatabase database) : IPageQueue
{
    public async Task<IReadOnlyList<PageClaim>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await using var claim = Command(connection, transaction, $"""
                UPDATE page_queue SET lease_owner = $owner, lease_until = $until, attempts = attempts + 1
                WHERE article_id IN (SELECT article_id FROM page_queue
                                     WHERE state = 'pending' AND not_before <= $now AND (lease_until IS NULL OR lease_until <= $now)
                                     ORDER BY not_before, article_id LIMIT $max)
                RETURNING {PageClaimColumns}
                """);
            claim.Parameters.AddWithValue("$owner", owner);
            claim.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
            claim.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            claim.Parameters.AddWithValue("$max", max);
            var claims = new List<PageClaim>();
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) claims.Add(ReadPageClaim(reader));
            return (IReadOnlyList<PageClaim>)claims;
        }, cancellationToken);
    }

    public async Task<int> RenewAsync(string owner, IReadOnlyCollection<string> articleIds, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (articleIds.Count == 0) return 0;
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await using var renew = Command(connection, transaction,
                "UPDATE page_queue SET lease_until = $until WHERE article_id IN (SELECT value FROM json_each($ids)) AND lease_owner = $owner AND state = 'pending'");
            renew.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
            renew.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(articleIds));
            renew.Parameters.AddWithValue("$owner", owner);
            return await renew.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<bool> CompleteAsync(PageClaim claim, string owner, PageStory story, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            if (!await HeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
            var sequence = await SqliteArticleStore.ReadSequenceAsync(connection, transaction, cancellationToken) + 1;
            await using var write = Command(connection, transaction, """
                UPDATE articles SET body = $body, body_source = 'page', page_author = $author, page_published = $published,
                                    image_url = $image, canonical_url = $canonical, extracted_at = $now, extraction_error = NULL,
                                    updated = $now, seq = $seq
                WHERE id = $id;
                DELETE FROM page_queue WHERE article_id = $id;
                """);
            write.Parameters.AddWithValue("$body", story.Body);
            write.Parameters.AddWithValue("$author", Value(story.Author));
            write.Parameters.AddWithValue("$published", Value(Millis(story.Published)));
            write.Parameters.AddWithValue("$image", Value(story.ImageUrl));
            write.Parameters.AddWithValue("$canonical", Value(story.CanonicalUrl));
            write.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            write.Parameters.AddWithValue("$seq", sequence);
            write.Parameters.AddWithValue("$id", claim.ArticleId);
            await write.ExecuteNonQueryAsync(cancellationToken);
            await SqliteArticleStore.WriteSequenceAsync(connection, transaction, sequence, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> FailAsync(PageClaim claim, string owner, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            if (!await HeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
            await using var write = Command(connection, transaction, """
                UPDATE page_queue SET state = $state, not_before = $retry, lease_owner = NULL, lease_until = NULL, last_error = $error
                WHERE article_id = $id;
                UPDATE articles SET extracted_at = $now, extraction_error = $error WHERE id = $id;
                """);
            write.Parameters.AddWithValue("$state", retryAt is null ? "failed" : "pending");
            write.Parameters.AddWithValue("$retry", (retryAt ?? now).ToUnixTimeMilliseconds());
            write.Parameters.AddWithValue("$error", error);
            write.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            write.Parameters.AddWithValue("$id", claim.ArticleId);
            await write.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> ReleaseAsync(PageClaim claim, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            if (!await HeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
            await using var release = Command(connection, transaction,
                "UPDATE page_queue SET attempts = attempts - 1, not_before = $retry, lease_owner = NULL, lease_until = NULL WHERE article_id = $id");
            release.Parameters.AddWithValue("$retry", retryAt.ToUnixTimeMilliseconds());
            release.Parameters.AddWithValue("$id", claim.ArticleId);
            await release.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<bool> DropAsync(PageClaim claim, string owner, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            if (!await HeldAsync(connection, transaction, claim, owner, cancellationToken)) return false;
            await using var drop = Command(connection, transaction, "DELETE FROM page_queue WHERE article_id = $id");
            drop.Parameters.AddWithValue("$id", claim.ArticleId);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<int> DropOtherFeedsAsync(IReadOnlyCollection<string> feedIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await using var drop = Command(connection, transaction, """
                DELETE FROM page_queue
                WHERE state = 'pending' AND feed_id NOT IN (SELECT value FROM json_each($keep))
                  AND (lease_until IS NULL OR lease_until <= $now)
                """);
            drop.Parameters.AddWithValue("$keep", System.Text.Json.JsonSerializer.Serialize(feedIds));
            drop.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return await drop.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, PageQueueCounts>> CountByFeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT feed_id, state, COUNT(*) FROM page_queue GROUP BY feed_id, state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadPageCountsAsync(reader, cancellationToken);
    }

    private static async Task<bool> HeldAsync(SqliteConnection connection, SqliteTransaction transaction, PageClaim claim, string owner, CancellationToken cancellationToken)
    {
        await using var held = Command(connection, transaction,
            "SELECT 1 FROM page_queue WHERE article_id = $id AND lease_owner = $owner AND content_hash = $hash AND state = 'pending'");
        held.Parameters.AddWithValue("$id", claim.ArticleId);
        held.Parameters.AddWithValue("$owner", owner);
        held.Parameters.AddWithValue("$hash", claim.ContentHash);
        return await held.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The queue side of an upsert: inside the article batch's transaction, one article at a time.</summary>
    internal sealed class Writer(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        // A new version wanted its page: pending from scratch, whatever became of the last version's.
        private readonly SqliteCommand _queue = Command(connection, transaction, """
            INSERT INTO page_queue (article_id, feed_id, url, content_hash, state, attempts, not_before, enqueued_at)
            VALUES ($id, $feed, $url, $hash, 'pending', 0, $now, $now)
            ON CONFLICT (article_id) DO UPDATE SET
                url = excluded.url, content_hash = excluded.content_hash, state = 'pending', attempts = 0,
                not_before = excluded.not_before, lease_owner = NULL, lease_until = NULL, last_error = NULL,
                enqueued_at = excluded.enqueued_at
            """);
        private readonly SqliteCommand _drop = Command(connection, transaction, "DELETE FROM page_queue WHERE article_id = $id");

        /// <param name="isNew">The article was not in the store before this version, so it has no queue entry to drop.</param>
        public async Task ApplyAsync(ArticleDraft draft, long now, bool isNew, CancellationToken cancellationToken)
        {
            if (!draft.WantsPage)
            {
                if (isNew) return;
                _drop.Parameters.Clear();
                _drop.Parameters.AddWithValue("$id", draft.Id);
                await _drop.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            _queue.Parameters.Clear();
            _queue.Parameters.AddWithValue("$id", draft.Id);
            _queue.Parameters.AddWithValue("$feed", draft.FeedId);
            _queue.Parameters.AddWithValue("$url", draft.Url!);
            _queue.Parameters.AddWithValue("$hash", draft.ContentHash);
            _queue.Parameters.AddWithValue("$now", now);
            await _queue.ExecuteNonQueryAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await _queue.DisposeAsync();
            await _drop.DisposeAsync();
        }
    }
}
