using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Indexer.Tests.Support;

/// <summary>A real store and a real on-disk index in a temp folder, filled through the store's change sequence.</summary>
public sealed class IndexFixture : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestStorage _storage;

    public IndexFixture(IndexingOptions? indexing = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        Indexing = Microsoft.Extensions.Options.Options.Create(indexing ?? new IndexingOptions());
        _storage = TestStorage.OpenAsync(StorageProvider.Sqlite, _folder.Path).GetAwaiter().GetResult();
        Index = new ArticleIndex(Options, NullLogger<ArticleIndex>.Instance, Indexing);
        Index.Open();
        Synchronizer = new IndexSynchronizer(Store, Index, NullLogger<IndexSynchronizer>.Instance, Indexing);
        // As the service's start does: the first catch-up settles the (empty) first build.
        Synchronizer.CatchUpAsync(default).GetAwaiter().GetResult();
    }

    public IOptions<StorageOptions> Options { get; }
    public IOptions<IndexingOptions> Indexing { get; }
    public IArticleStore Store => _storage.Articles;
    public IFeedStateStore FeedStates => _storage.FeedStates;
    public IAlertStore Alerts => _storage.Alerts;
    public ArticleIndex Index { get; private set; }
    public IndexSynchronizer Synchronizer { get; private set; }

    public async Task AddAsync(params ArticleDraft[] drafts)
    {
        await Store.UpsertAsync(drafts, default);
        await Synchronizer.CatchUpAsync(default);
    }

    /// <summary>Closes the index and opens it again, as a restart (or a <c>reindex</c>) would.</summary>
    /// <param name="directory">Wraps the index's folder (<see cref="FullDisk"/>).</param>
    /// <param name="logger">The index's log (<see cref="RecordingLogger{T}"/>); none by default.</param>
    public void Reopen(bool forceRebuild = false, Func<Lucene.Net.Store.Directory, Lucene.Net.Store.Directory>? directory = null, ILogger<ArticleIndex>? logger = null)
    {
        Index.Dispose();
        Index = new ArticleIndex(Options, logger ?? NullLogger<ArticleIndex>.Instance, Indexing) { WrapDirectory = directory };
        Index.Open(forceRebuild);
        Synchronizer = new IndexSynchronizer(Store, Index, NullLogger<IndexSynchronizer>.Instance, Indexing);
    }

    /// <summary>Stores <paramref name="count"/> numbered short articles (<see cref="Some.NumberedArticles"/>) in large batches.</summary>
    public Task StoreManyAsync(int count) => StoreManyAsync(Store, count);

    public static async Task StoreManyAsync(IArticleStore store, int count)
    {
        for (var start = 0; start < count; start += 5000)
            await store.UpsertAsync(Some.NumberedArticles(start, Math.Min(5000, count - start)), default);
    }

    public void Dispose()
    {
        Index.Dispose();
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _folder.Dispose();
    }
}
