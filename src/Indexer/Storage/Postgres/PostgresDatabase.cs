using Npgsql;

namespace Indexer.Storage.Postgres;

/// <summary>The shared PostgreSQL database: one pooled data source for every store concern of this instance.</summary>
internal sealed class PostgresDatabase : IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Says which database an error is about, without the password.
        Description = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>host:port/database, for messages.</summary>
    public string Description { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) =>
        new(sql, connection, transaction);

    /// <summary>
    /// Takes <paramref name="count"/> numbers of the change log. The counter's one row stays locked until the
    /// transaction ends, so a second writer waits here until the first has committed: numbers become visible in
    /// the order they were handed out, and a follower reading "after the last I applied" cannot skip one that
    /// commits late (a sequence would hand out numbers that commit out of order). Call it as late in the
    /// transaction as possible: it is the one point where writers queue.
    /// </summary>
    /// <returns>The first of the numbers taken.</returns>
    public static async Task<long> TakeSequenceNumbersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "UPDATE change_counter SET value = value + $1 RETURNING value");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = count });
        var last = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return last - count + 1;
    }

    public void Dispose() => _dataSource.Dispose();
}
