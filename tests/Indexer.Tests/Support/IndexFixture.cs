using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Indexer.Tests.Support;

/// <summary>A real store and a real on-disk index in a temp folder, filled through the store's change sequence.</summary>
public sealed class IndexFixture : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestStorage _storage;

    public IndexFixture()
    {
        Options = Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        _storage = TestStorage.OpenAsync(StorageProvider.Sqlite, _folder.Path).GetAwaiter().GetResult();
        Index = new ArticleIndex(Options, NullLogger<ArticleIndex>.Instance);
        Index.Open();
        Synchronizer = new IndexSynchronizer(Store, Index, NullLogger<IndexSynchronizer>.Instance);
    }

    public IOptions<StorageOptions> Options { get; }
    public IArticleStore Store => _storage.Articles;
    public IFeedStateStore FeedStates => _storage.FeedStates;
    public ArticleIndex Index { get; private set; }
    public IndexSynchronizer Synchronizer { get; private set; }

    public async Task AddAsync(params ArticleDraft[] drafts)
    {
        await Store.UpsertAsync(drafts, default);
        await Synchronizer.CatchUpAsync(default);
    }

    /// <summary>Closes the index and opens it again, as a restart would.</summary>
    public void Reopen()
    {
        Index.Dispose();
        Index = new ArticleIndex(Options, NullLogger<ArticleIndex>.Instance);
        Index.Open();
        Synchronizer = new IndexSynchronizer(Store, Index, NullLogger<IndexSynchronizer>.Instance);
    }

    public void Dispose()
    {
        Index.Dispose();
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _folder.Dispose();
    }
}
