using System.CommandLine;
using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Hosting;
using Indexer.Indexing;
using Indexer.Storage;
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
        // The same registration as the service: the store is whichever Storage:Provider names.
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddStorage(configuration)
            .AddSingleton<ArticleIndex>()
            .AddSingleton<IndexSynchronizer>()
            .BuildServiceProvider();
        StorageOptions storage;
        try
        {
            storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            return IndexerCommandLine.Fail("reindex", e is OptionsValidationException v ? string.Join("; ", v.Failures) : e.Message);
        }
        if (storage.Provider == StorageProvider.Sqlite && !File.Exists(storage.DatabasePath))
            return IndexerCommandLine.Fail("reindex", $"no article store at {storage.DatabasePath} (check Storage:DataDirectory)");

        var stopwatch = Stopwatch.StartNew();
        try
        {
            await services.GetRequiredService<IStoreSchema>().MigrateAsync(CancellationToken.None);
        }
        catch (StoreSchemaException e)
        {
            return IndexerCommandLine.Fail("reindex", e.Message);
        }
        var index = services.GetRequiredService<ArticleIndex>();
        try
        {
            index.Open(forceRebuild: true);
        }
        catch (InvalidOperationException e)
        {
            return IndexerCommandLine.Fail("reindex", e.Message);
        }
        var applied = await services.GetRequiredService<IndexSynchronizer>().CatchUpAsync(CancellationToken.None);
        index.Commit();
        Console.WriteLine($"reindexed {index.DocumentCount} articles ({applied} store changes) in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
