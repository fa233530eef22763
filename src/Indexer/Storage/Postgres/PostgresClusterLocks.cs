using Npgsql;

namespace Indexer.Storage.Postgres;

/// <summary>
/// Session advisory locks, one connection per lock held: the server frees a lock when its connection drops, so an
/// instance killed while holding one holds it no longer. Names are hashed to the lock's 64-bit key by the server.
/// </summary>
internal sealed class PostgresClusterLocks(PostgresDatabase database) : IClusterLocks
{
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
        (await LockAsync("pg_advisory_lock", name, cancellationToken))!;

    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken) =>
        LockAsync("pg_try_advisory_lock", name, cancellationToken);

    public Task<bool> StillHeldAsync(IAsyncDisposable held, CancellationToken cancellationToken) =>
        held is Held lockHeld ? lockHeld.AliveAsync(cancellationToken) : Task.FromResult(true);

    private async Task<IAsyncDisposable?> LockAsync(string function, string name, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await using var command = PostgresDatabase.Command(connection, null, $"SELECT {function}(hashtextextended($1, 0))::text");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            // pg_advisory_lock returns void (""), pg_try_advisory_lock a boolean ("true"/"false").
            if ((string?)await command.ExecuteScalarAsync(cancellationToken) == "false")
            {
                await connection.DisposeAsync();
                return null;
            }
            return new Held(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        private int _released;

        /// <summary>The session that holds the lock still answers; the lock is the session's, so it is still held.</summary>
        public async Task<bool> AliveAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var command = PostgresDatabase.Command(connection, null, "SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            try
            {
                // Unlock explicitly: the connection goes back to the pool, and the pool keeps its session.
                await using var command = PostgresDatabase.Command(connection, null, "SELECT pg_advisory_unlock(hashtextextended($1, 0))");
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                await command.ExecuteScalarAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is broken; the server dropped the lock with the session.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
