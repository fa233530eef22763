using Indexer.Indexing;
using Indexer.Storage;

namespace Indexer.Hosting;

/// <summary>Prepares the store's schema and opens the index before anything fetches or searches.</summary>
public sealed class StoreAndIndexStartup(IStoreSchema schema, ArticleIndex index, ILogger<StoreAndIndexStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var migration = await schema.MigrateAsync(cancellationToken);
        if (migration.From != migration.To)
            logger.LogInformation("Store schema migrated from version {From} to {To}", migration.From, migration.To);
        try
        {
            index.Open();
        }
        catch (InvalidOperationException e)
        {
            // The index lives in the data folder: name the setting that put it there (held by another process, unreadable).
            throw new InvalidOperationException($"Storage:DataDirectory: {e.Message}", e);
        }
        logger.LogInformation("Index open holding store changes {Ranges}{Rebuild}", index.Applied.IsEmpty ? "none" : index.Applied,
            index.RebuildReason is null ? "" : $" (rebuilding: {index.RebuildReason})");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        index.Dispose();
        return Task.CompletedTask;
    }
}
