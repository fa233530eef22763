using Indexer.Indexing;
using Indexer.Storage;

namespace Indexer.Hosting;

/// <summary>Prepares the store's schema and opens the index before anything fetches or searches.</summary>
public sealed class StoreAndIndexStartup(IArticleStore store, ArticleIndex index, ILogger<StoreAndIndexStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        index.Open();
        logger.LogInformation("Index open at store sequence {Sequence}{Rebuild}", index.AppliedSequence,
            index.RebuildReason is null ? "" : $" (rebuilding: {index.RebuildReason})");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        index.Dispose();
        return Task.CompletedTask;
    }
}
