using Indexer.Articles;
using Indexer.Storage;

namespace Indexer.Tests.Support;

/// <summary>
/// A store whose change log lets a number of reads through and then holds the next one until the test releases it:
/// a rebuild caught half way, whatever the machine's speed.
/// </summary>
public sealed class HeldChangeLog(IArticleStore store, int readsBeforeHold) : IArticleStore
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    /// <summary>Completes when a read is being held.</summary>
    public Task Holding => _holding.Task;

    public void Release() => _released.TrySetResult();

    public async Task<IReadOnlyList<ArticleChange>> ReadChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _reads) > readsBeforeHold)
        {
            _holding.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
        return await store.ReadChangesAsync(afterSequence, limit, cancellationToken);
    }

    public Task<UpsertResult> UpsertAsync(IReadOnlyList<ArticleDraft> drafts, CancellationToken cancellationToken) => store.UpsertAsync(drafts, cancellationToken);
    public Task<Article?> GetArticleAsync(string id, CancellationToken cancellationToken) => store.GetArticleAsync(id, cancellationToken);
    public Task<IReadOnlyList<Article>> GetArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => store.GetArticlesAsync(ids, cancellationToken);
    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) => store.GetLastSequenceAsync(cancellationToken);
    public Task<IReadOnlyDictionary<string, long>> CountArticlesByFeedAsync(CancellationToken cancellationToken) => store.CountArticlesByFeedAsync(cancellationToken);
    public Task<PublishingHistory> GetPublishingHistoryAsync(string feedId, DateTimeOffset since, int sample, CancellationToken cancellationToken) =>
        store.GetPublishingHistoryAsync(feedId, since, sample, cancellationToken);
    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => store.DeleteOlderThanAsync(cutoff, cancellationToken);
    public Task<int> TrimFeedAsync(string feedId, int maxArticles, CancellationToken cancellationToken) => store.TrimFeedAsync(feedId, maxArticles, cancellationToken);
    public Task<bool> PingAsync(CancellationToken cancellationToken) => store.PingAsync(cancellationToken);
}
