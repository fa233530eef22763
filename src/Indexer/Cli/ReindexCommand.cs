using System.CommandLine;
using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Indexer.Cli;

/// <summary><c>reindex</c>: rebuilds the index from the store. The service must be stopped (it holds the index lock).</summary>
public static class ReindexCommand
{
    public static Command Create(string[] settings)
    {
        var command = new Command("reindex", "Rebuild the search index from the article store. Stop the service first: it holds the index.");
        command.SetAction(_ => RunAsync(settings));
        return command;
    }

    private static async Task<int> RunAsync(string[] settings)
    {
        var configuration = CommandConfiguration.Build(settings);
        var storage = Options.Create(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());
        if (!File.Exists(storage.Value.DatabasePath))
            return IndexerCommandLine.Fail("reindex", $"no article store at {storage.Value.DatabasePath} (check Storage:DataDirectory)");

        var stopwatch = Stopwatch.StartNew();
        using var store = new SqliteArticleStore(storage);
        await store.InitializeAsync(CancellationToken.None);
        using var index = new ArticleIndex(storage, NullLogger<ArticleIndex>.Instance);
        try
        {
            index.Open(forceRebuild: true);
        }
        catch (InvalidOperationException e)
        {
            return IndexerCommandLine.Fail("reindex", e.Message);
        }
        var applied = await new IndexSynchronizer(store, index, NullLogger<IndexSynchronizer>.Instance).CatchUpAsync(CancellationToken.None);
        index.Commit();
        Console.WriteLine($"reindexed {index.DocumentCount} articles ({applied} store changes) in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
