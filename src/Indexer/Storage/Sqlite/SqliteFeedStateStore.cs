using Microsoft.Data.Sqlite;
using static Indexer.Storage.Sqlite.SqliteDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Sqlite;

/// <summary>Per-feed fetch state in SQLite: one row per feed, replaced whole.</summary>
internal sealed class SqliteFeedStateStore(SqliteDatabase database) : IFeedStateStore
{
    public async Task<FeedState?> GetAsync(string feedId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {FeedStateColumns} FROM feed_state WHERE feed_id = $id");
        command.Parameters.AddWithValue("$id", feedId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadFeedState(reader) : null;
    }

    public async Task<IReadOnlyDictionary<string, FeedState>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
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

    public async Task SaveAsync(FeedState state, CancellationToken cancellationToken)
    {
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = Command(connection, null, $"""
                INSERT OR REPLACE INTO feed_state ({FeedStateColumns})
                VALUES ($id, $etag, $lm, $hash, $redirect, $redirectFrom, $fetched, $success, $status, $http, $error,
                        $failures, $retry, $new, $updated, $warning, $fetchedFrom)
                """);
            command.Parameters.AddWithValue("$id", state.FeedId);
            command.Parameters.AddWithValue("$etag", Value(state.ETag));
            command.Parameters.AddWithValue("$lm", Value(state.LastModified));
            command.Parameters.AddWithValue("$hash", Value(state.BodyHash));
            command.Parameters.AddWithValue("$redirect", Value(state.RedirectUrl));
            command.Parameters.AddWithValue("$redirectFrom", Value(state.RedirectFrom));
            command.Parameters.AddWithValue("$fetched", Value(Millis(state.LastFetchedAt)));
            command.Parameters.AddWithValue("$success", Value(Millis(state.LastSuccessAt)));
            command.Parameters.AddWithValue("$status", Value(state.LastStatus));
            command.Parameters.AddWithValue("$http", Value(state.LastHttpStatus));
            command.Parameters.AddWithValue("$error", Value(state.LastError));
            command.Parameters.AddWithValue("$failures", state.ConsecutiveFailures);
            command.Parameters.AddWithValue("$retry", Value(Millis(state.NotBefore)));
            command.Parameters.AddWithValue("$new", state.LastNewCount);
            command.Parameters.AddWithValue("$updated", state.LastUpdatedCount);
            command.Parameters.AddWithValue("$warning", Value(state.LastWarning));
            command.Parameters.AddWithValue("$fetchedFrom", Value(state.FetchedFrom));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

}
