using Npgsql;
using NpgsqlTypes;
using static Indexer.Storage.Postgres.PostgresDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Postgres;

/// <summary>
/// The alerts' progress, starts and outbox in PostgreSQL, shared by every instance. The matcher's progress moves
/// only from the value it was read at (compare and set in the transaction that adds the matches), so even two
/// matchers running at once could not both record the same changes.
/// </summary>
internal sealed class PostgresAlertStore(PostgresDatabase database) : IAlertStore
{
    public async Task<long?> GetMatcherProgressAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT seq FROM alert_matcher");
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : null;
    }

    public async Task<IReadOnlyDictionary<string, long>> RegisterAlertsAsync(IReadOnlyCollection<string> alertIds, long startSequence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var insert = Command(connection, null,
            "INSERT INTO alert_state (alert_id, start_seq) SELECT unnest($1::text[]), $2 ON CONFLICT (alert_id) DO NOTHING"))
        {
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. alertIds] });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = startSequence });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = Command(connection, null, "SELECT alert_id, start_seq FROM alert_state");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var starts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) starts[reader.GetString(0)] = reader.GetInt64(1);
        return starts;
    }

    public async Task<IReadOnlyList<AlertMatch>?> CommitMatchesAsync(long? from, long to, IReadOnlyList<AlertMatch> matches, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var progress = Command(connection, transaction, from is null
            ? "INSERT INTO alert_matcher (seq) VALUES ($1) ON CONFLICT DO NOTHING"
            : "UPDATE alert_matcher SET seq = $1 WHERE seq = $2"))
        {
            progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
            if (from is { } expected) progress.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
            // A concurrent matcher's update holds the row until it commits; then this one's condition fails.
            if (await progress.ExecuteNonQueryAsync(cancellationToken) != 1) return null;
        }
        var added = new HashSet<string>(StringComparer.Ordinal);
        if (matches.Count > 0)
        {
            await using var insert = Command(connection, transaction, """
                INSERT INTO alert_deliveries (delivery_id, alert_id, article_id, seq, payload, matched_at, next_attempt_at)
                SELECT d, a, r, s, p, m, m FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[]) AS t (d, a, r, s, p, m)
                ON CONFLICT (alert_id, article_id) DO NOTHING
                RETURNING delivery_id
                """);
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. matches.Select(m => m.DeliveryId)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. matches.Select(m => m.AlertId)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. matches.Select(m => m.ArticleId)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. matches.Select(m => m.Sequence)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. matches.Select(m => m.Payload)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. matches.Select(m => m.MatchedAt.ToUnixTimeMilliseconds())] });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) added.Add(reader.GetString(0));
        }
        await transaction.CommitAsync(cancellationToken);
        return matches.Where(m => added.Contains(m.DeliveryId)).ToList();
    }

    public Task<IReadOnlyList<PendingDelivery>> ReadPendingAfterAsync(OutboxPlace after, int limit, CancellationToken cancellationToken) =>
        ReadPendingAsync(PendingAfterQuery("$1", "$2", "$3"), null, after, limit, cancellationToken);

    public Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string alertId, OutboxPlace through, int limit, CancellationToken cancellationToken) =>
        ReadPendingAsync(PendingOfAlertQuery("$4", "$1", "$2", "$3"), alertId, through, limit, cancellationToken);

    private async Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string sql, string? alertId, OutboxPlace place, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = place.Sequence });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = place.AlertId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (alertId is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = alertId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<PendingDelivery>();
        while (await reader.ReadAsync(cancellationToken)) pending.Add(ReadPendingDelivery(reader));
        return pending;
    }

    public async Task<bool> ClaimAsync(string deliveryId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            UPDATE alert_deliveries SET attempts = attempts + 1, claimed_until = $3
            WHERE delivery_id = $1 AND state = 'pending' AND (claimed_until IS NULL OR claimed_until <= $2)
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deliveryId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = until.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task MarkDeliveredAsync(string deliveryId, int httpStatus, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            WITH done AS (
                UPDATE alert_deliveries SET state = 'delivered', delivered_at = $3, last_status = $2, claimed_until = NULL
                WHERE delivery_id = $1 RETURNING alert_id)
            UPDATE alert_state SET last_delivered_at = $3 WHERE alert_id IN (SELECT alert_id FROM done)
            """,
            [(deliveryId, NpgsqlDbType.Text), (httpStatus, NpgsqlDbType.Integer), (at.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint)],
            cancellationToken);

    public Task MarkAttemptFailedAsync(string deliveryId, int? httpStatus, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            WITH failed AS (
                UPDATE alert_deliveries SET state = $2, next_attempt_at = COALESCE($3, next_attempt_at), last_status = $4,
                       last_error = $5, claimed_until = NULL
                WHERE delivery_id = $1 RETURNING alert_id)
            UPDATE alert_state SET last_error = $5, last_error_at = $6 WHERE alert_id IN (SELECT alert_id FROM failed)
            """,
            [
                (deliveryId, NpgsqlDbType.Text), (StateText(retryAt is null ? DeliveryState.Failed : DeliveryState.Pending), NpgsqlDbType.Text),
                (Millis(retryAt), NpgsqlDbType.Bigint), (httpStatus, NpgsqlDbType.Integer), (error, NpgsqlDbType.Text),
                (at.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint),
            ],
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, AlertDeliveryStats>> GetStatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, AlertStatsQuery);
        return await ReadAlertStatsAsync(command, cancellationToken);
    }

    private async Task ExecuteAsync(string sql, (object? Value, NpgsqlDbType Type)[] values, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        foreach (var (value, type) in values) command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
