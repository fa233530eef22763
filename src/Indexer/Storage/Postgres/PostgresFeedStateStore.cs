using Npgsql;
using NpgsqlTypes;
using static Indexer.Storage.Postgres.PostgresDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Postgres;

/// <summary>Per-feed fetch state in PostgreSQL, so every instance answers /feeds alike and resumes another's back-off.</summary>
internal sealed class PostgresFeedStateStore(PostgresDatabase database) : IFeedStateStore
{
    public async Task<FeedState?> GetAsync(string feedId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {FeedStateColumns} FROM feed_state WHERE feed_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feedId });
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
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"""
            INSERT INTO feed_state ({FeedStateColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            ON CONFLICT (feed_id) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified, body_hash = excluded.body_hash,
                redirect_url = excluded.redirect_url, redirect_from = excluded.redirect_from,
                last_fetched_at = excluded.last_fetched_at, last_success_at = excluded.last_success_at,
                last_status = excluded.last_status, last_http_status = excluded.last_http_status,
                last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
                retry_not_before = excluded.retry_not_before, last_new = excluded.last_new, last_updated = excluded.last_updated,
                last_warning = excluded.last_warning, fetched_from = excluded.fetched_from
            """);
        (object? Value, NpgsqlDbType Type)[] values =
        [
            (state.FeedId, NpgsqlDbType.Text), (state.ETag, NpgsqlDbType.Text), (state.LastModified, NpgsqlDbType.Text),
            (state.BodyHash, NpgsqlDbType.Text), (state.RedirectUrl, NpgsqlDbType.Text), (state.RedirectFrom, NpgsqlDbType.Text),
            (Millis(state.LastFetchedAt), NpgsqlDbType.Bigint), (Millis(state.LastSuccessAt), NpgsqlDbType.Bigint),
            (state.LastStatus, NpgsqlDbType.Text), (state.LastHttpStatus, NpgsqlDbType.Integer), (state.LastError, NpgsqlDbType.Text),
            (state.ConsecutiveFailures, NpgsqlDbType.Integer), (Millis(state.NotBefore), NpgsqlDbType.Bigint),
            (state.LastNewCount, NpgsqlDbType.Integer), (state.LastUpdatedCount, NpgsqlDbType.Integer),
            (state.LastWarning, NpgsqlDbType.Text), (state.FetchedFrom, NpgsqlDbType.Text),
        ];
        foreach (var (value, type) in values) command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
