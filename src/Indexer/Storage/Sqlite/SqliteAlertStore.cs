using Microsoft.Data.Sqlite;
using static Indexer.Storage.Sqlite.SqliteDatabase;
using static Indexer.Storage.StoredRows;

namespace Indexer.Storage.Sqlite;

/// <summary>The alerts' progress, starts and outbox in SQLite; every write under the database's write lock.</summary>
internal sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    public async Task<long?> GetMatcherProgressAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT seq FROM alert_matcher");
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : null;
    }

    public Task<IReadOnlyDictionary<string, long>> RegisterAlertsAsync(IReadOnlyCollection<string> alertIds, long startSequence, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyDictionary<string, long>>(async (connection, transaction) =>
        {
            await using (var insert = Command(connection, transaction, "INSERT INTO alert_state (alert_id, start_seq) VALUES ($id, $start) ON CONFLICT (alert_id) DO NOTHING"))
            {
                var id = insert.Parameters.Add("$id", SqliteType.Text);
                insert.Parameters.AddWithValue("$start", startSequence);
                foreach (var alertId in alertIds)
                {
                    id.Value = alertId;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await using var select = Command(connection, transaction, "SELECT alert_id, start_seq FROM alert_state");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var starts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken)) starts[reader.GetString(0)] = reader.GetInt64(1);
            return starts;
        }, cancellationToken);

    public Task<IReadOnlyList<AlertMatch>?> CommitMatchesAsync(long? from, long to, IReadOnlyList<AlertMatch> matches, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<AlertMatch>?>(async (connection, transaction) =>
        {
            await using (var read = Command(connection, transaction, "SELECT seq FROM alert_matcher"))
            {
                var current = await read.ExecuteScalarAsync(cancellationToken) is long seq ? seq : (long?)null;
                if (current != from) return null;
            }
            await using (var progress = Command(connection, transaction, "INSERT OR REPLACE INTO alert_matcher (only_row, seq) VALUES (1, $to)"))
            {
                progress.Parameters.AddWithValue("$to", to);
                await progress.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var insert = Command(connection, transaction, """
                INSERT INTO alert_deliveries (delivery_id, alert_id, article_id, seq, payload, matched_at, next_attempt_at)
                VALUES ($delivery, $alert, $article, $seq, $payload, $at, $at)
                ON CONFLICT (alert_id, article_id) DO NOTHING
                """);
            var p = new[] { "$delivery", "$alert", "$article", "$seq", "$payload", "$at" }
                .ToDictionary(n => n, n => insert.Parameters.Add(n, n is "$seq" or "$at" ? SqliteType.Integer : SqliteType.Text));
            var added = new List<AlertMatch>(matches.Count);
            foreach (var match in matches)
            {
                p["$delivery"].Value = match.DeliveryId;
                p["$alert"].Value = match.AlertId;
                p["$article"].Value = match.ArticleId;
                p["$seq"].Value = match.Sequence;
                p["$payload"].Value = match.Payload;
                p["$at"].Value = match.MatchedAt.ToUnixTimeMilliseconds();
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1) added.Add(match);
            }
            return added;
        }, cancellationToken);

    public Task<IReadOnlyList<PendingDelivery>> ReadPendingAfterAsync(OutboxPlace after, int limit, CancellationToken cancellationToken) =>
        ReadPendingAsync(SqliteQueries.PendingAfter, null, after, limit, cancellationToken);

    public Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string alertId, OutboxPlace through, int limit, CancellationToken cancellationToken) =>
        ReadPendingAsync(SqliteQueries.PendingOfAlert, alertId, through, limit, cancellationToken);

    private async Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string sql, string? alertId, OutboxPlace place, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        if (alertId is not null) command.Parameters.AddWithValue("$alert", alertId);
        command.Parameters.AddWithValue("$seq", place.Sequence);
        command.Parameters.AddWithValue("$place_alert", place.AlertId);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<PendingDelivery>();
        while (await reader.ReadAsync(cancellationToken)) pending.Add(ReadPendingDelivery(reader));
        return pending;
    }

    public Task<bool> ClaimAsync(string deliveryId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, """
                UPDATE alert_deliveries SET attempts = attempts + 1, claimed_until = $until
                WHERE delivery_id = $id AND state = 'pending' AND (claimed_until IS NULL OR claimed_until <= $now)
                """);
            command.Parameters.AddWithValue("$id", deliveryId);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task MarkDeliveredAsync(string deliveryId, int httpStatus, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, """
                UPDATE alert_deliveries SET state = 'delivered', delivered_at = $at, last_status = $status, claimed_until = NULL
                WHERE delivery_id = $id;
                UPDATE alert_state SET last_delivered_at = $at
                WHERE alert_id = (SELECT alert_id FROM alert_deliveries WHERE delivery_id = $id);
                """);
            command.Parameters.AddWithValue("$id", deliveryId);
            command.Parameters.AddWithValue("$status", httpStatus);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public Task MarkAttemptFailedAsync(string deliveryId, int? httpStatus, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, """
                UPDATE alert_deliveries SET state = $state, next_attempt_at = COALESCE($retry, next_attempt_at),
                       last_status = $status, last_error = $error, claimed_until = NULL
                WHERE delivery_id = $id;
                UPDATE alert_state SET last_error = $error, last_error_at = $at
                WHERE alert_id = (SELECT alert_id FROM alert_deliveries WHERE delivery_id = $id);
                """);
            command.Parameters.AddWithValue("$id", deliveryId);
            command.Parameters.AddWithValue("$state", StateText(retryAt is null ? DeliveryState.Failed : DeliveryState.Pending));
            command.Parameters.AddWithValue("$retry", Value(Millis(retryAt)));
            command.Parameters.AddWithValue("$status", Value(httpStatus));
            command.Parameters.AddWithValue("$error", error);
            command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, AlertDeliveryStats>> GetStatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, AlertStatsQuery);
        return await ReadAlertStatsAsync(command, cancellationToken);
    }
}
