using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Indexer.Tests.Storage;

/// <summary>What counts as the store being unreachable (each provider's real errors), and how an outage is logged.</summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task SQLite_busy_is_an_outage_and_a_bad_statement_is_not()
    {
        using var folder = new TempDirectory();
        var file = folder.Combine("busy.db");
        await using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        await holder.OpenAsync();
        await new SqliteCommand("CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);", holder).ExecuteNonQueryAsync();
        await using var other = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=0");
        await other.OpenAsync();

        var busy = await Assert.ThrowsAsync<SqliteException>(() => new SqliteCommand("BEGIN IMMEDIATE", other) { CommandTimeout = 1 }.ExecuteNonQueryAsync());
        Assert.True(StoreOutage.IsUnavailable(busy), busy.Message);
        var bad = await Assert.ThrowsAsync<SqliteException>(() => new SqliteCommand("SELECT * FROM missing", other).ExecuteNonQueryAsync());
        Assert.False(StoreOutage.IsUnavailable(bad));
    }

    [ToolFact(Tool.PostgreSql)]
    public async Task PostgreSQL_refusing_connections_is_an_outage_and_a_bad_statement_is_not()
    {
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
        await using (var connection = new NpgsqlConnection(database.ToString()))
        {
            await connection.OpenAsync();
            var bad = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT * FROM missing", connection).ExecuteNonQueryAsync());
            Assert.False(StoreOutage.IsUnavailable(bad));
        }
        database.Port = FreeTcpPort.Find();
        await using var refused = new NpgsqlConnection(database.ToString());
        var down = await Assert.ThrowsAnyAsync<NpgsqlException>(() => refused.OpenAsync());
        Assert.True(StoreOutage.IsUnavailable(down), down.Message);
    }

    [Fact]
    public void An_outage_is_logged_once_as_it_starts_without_a_stack_trace_and_once_as_it_ends()
    {
        var log = new RecordingLogger<StoreOutage>();
        var outage = new StoreOutage(log);
        var down = new NpgsqlException("Failed to connect to 127.0.0.1:5542", new System.Net.Sockets.SocketException(111));
        for (var i = 0; i < 100; i++)
            Assert.True(outage.Report(down));
        Assert.False(outage.Report(new InvalidOperationException("a bug")));
        outage.Reached();
        outage.Reached();

        Assert.Collection(log.Entries,
            e => Assert.Equal((LogLevel.Warning, (Exception?)null), (e.Level, e.Exception)),
            e => Assert.Equal("The store is reachable again", e.Message));
        Assert.Contains("Failed to connect to 127.0.0.1:5542", log.Entries[0].Message);
    }
}
