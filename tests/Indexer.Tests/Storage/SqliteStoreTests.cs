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

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
