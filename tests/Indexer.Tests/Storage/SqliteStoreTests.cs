using Indexer.Configuration;
using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Indexer.Tests.Storage;

/// <summary>The store contract on the embedded provider, plus what only SQLite has: files made before schema versions.</summary>
public sealed class SqliteStoreTests : StoreContract, IDisposable
{
    private readonly TempDirectory _folder = new();

    private string DatabasePath => _folder.Combine("articles.db");

    protected override Task<TestStorage> OpenStorageAsync(bool migrate = true) =>
        TestStorage.OpenAsync(StorageProvider.Sqlite, _folder.Path, migrate: migrate);

    protected override async Task StampSchemaVersionAsync(int version) => await ExecuteAsync($"PRAGMA user_version = {version};");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [ToolFact]
    public async Task A_store_written_before_schema_versions_is_migrated_and_keeps_its_articles_and_numbers()
    {
        // The tables, rows and counter exactly as the release before schema versions left them (user_version 0).
        await ExecuteAsync(TestData.Read("sqlite-store-before-versions.sql"));

        var storage = await OpenAsync(migrate: false);
        Assert.Equal(new SchemaMigration(0, storage.Schema.LatestVersion), await storage.Schema.MigrateAsync(default));
        var article = await storage.Articles.GetArticleAsync("165a296763b00eb8b50c", default);
        Assert.Equal("કિમ જોંગ ઉનની રશિયાના યુદ્ધમાં સહાયની પ્રતિબદ્ધતા", article!.Title);
        Assert.Equal(7, await storage.Articles.GetLastSequenceAsync(default));
        Assert.Equal("\"v7\"", (await storage.FeedStates.GetAsync("sample", default))!.ETag);

        // New changes continue the old numbering.
        await storage.Articles.UpsertAsync([Draft("new", "નવું")], default);
        Assert.Equal([7L, 8L], (await storage.Articles.ReadChangesAsync(0, 10, default)).Select(c => c.Sequence));
    }

    [ToolFact]
    public async Task Every_query_of_the_store_uses_an_index_and_sorts_nothing_in_a_temporary_tree()
    {
        var storage = await OpenAsync();
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        var problems = new List<string>();
        foreach (var sql in Indexer.Storage.Sqlite.SqliteQueries.All)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (System.Text.RegularExpressions.Match parameter in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+"))
                if (!command.Parameters.Contains(parameter.Value)) command.Parameters.AddWithValue(parameter.Value, 0);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var step = reader.GetString(3);
                // "SCAN articles" alone reads every row; a scan of a covering index reads one small entry per row, and
                // a scan of json_each reads the statement's own list of ids.
                var fullScan = step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("COVERING INDEX", StringComparison.Ordinal)
                    && !step.StartsWith("SCAN json_each ", StringComparison.Ordinal);
                if (fullScan || step.Contains("TEMP B-TREE", StringComparison.Ordinal)) problems.Add($"{step}  <=  {sql}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [ToolFact]
    public async Task Retention_gives_the_freed_pages_back_to_the_file_system()
    {
        var storage = await OpenAsync();
        for (var start = 0; start < 10_000; start += 5000)
            await storage.Articles.UpsertAsync(Some.NumberedArticles(start, 5000), default);
        var pagesBefore = await PragmaAsync("page_count");

        Assert.Equal(10_000, await storage.Articles.DeleteOlderThanAsync(DateTimeOffset.Parse("2025-01-01T00:00:00Z"), default));
        // Incremental vacuum gave the deleted articles' pages back.
        Assert.Equal(0, await PragmaAsync("freelist_count"));
        Assert.True(await PragmaAsync("page_count") < pagesBefore / 2, "the file did not shrink");
    }

    [ToolFact]
    public async Task A_stored_feed_leaves_the_pooled_connection_with_SQLites_default_cache_for_the_next_reader()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync(Some.NumberedArticles(0, 500), default);

        // The same connection string as the store's, so the pool hands back the connection the writer used: its
        // larger cache must not stay with it, or every pooled reader would end up holding one.
        var database = new Indexer.Storage.Sqlite.SqliteDatabase(Path.GetFullPath(DatabasePath));
        await using var connection = await database.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        Assert.Equal(-2000L, (long)(await command.ExecuteScalarAsync())!);
    }

    private async Task<long> PragmaAsync(string name)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
