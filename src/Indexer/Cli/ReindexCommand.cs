using System.CommandLine;
using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Hosting;
using Indexer.Indexing;
using Indexer.Storage;
using Microsoft.Extensions.Options;
using Serilog;

namespace Indexer.Cli;

/// <summary>
/// <c>reindex</c>: rebuilds the index from the store, on every core (Indexing:Threads), with progress on stderr.
/// The service must be stopped (it holds the index lock).
/// </summary>
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
            .AddLogging(logging => logging.AddSerilog(ProgressLog(), dispose: true))
            .AddStorage(configuration)
            .AddIndex(configuration)
            .BuildServiceProvider();
        // A bad Storage or Indexing setting throws here, and IndexerCommandLine answers it as bad configuration.
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var indexing = services.GetRequiredService<IOptions<IndexingOptions>>().Value;
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
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"reindexed {index.DocumentCount} articles ({applied} store changes) in {seconds:F1} s " +
                          $"({index.DocumentCount / Math.Max(seconds, 0.001):F0} articles/s on {indexing.EffectiveThreads} threads)");
        return 0;
    }

    /// <summary>Progress lines go to stderr, so that stdout is only the result line.</summary>
    private static Serilog.ILogger ProgressLog() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}",
            standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
        .CreateLogger();
}
