using Microsoft.Data.Sqlite;

namespace Indexer.Storage.Sqlite;

/// <summary>
/// The embedded database file, shared by the SQLite implementations of each store concern: how to open a
/// connection, and the in-process write lock (SQLite has one writer anyway; waiting here is cheaper than waiting
/// on the file lock).
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;

    public SqliteDatabase(string databasePath)
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

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Per connection; WAL itself is a property of the file, set once by the schema.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = NORMAL;", cancellationToken);
        return connection;
    }

    /// <summary>Runs <paramref name="write"/> in one transaction under the write lock, and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var result = await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            WriteLock.Release();
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A parameter value: SQLite's NULL for null.</summary>
    public static object Value(object? value) => value ?? DBNull.Value;

    public void Dispose()
    {
        WriteLock.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
