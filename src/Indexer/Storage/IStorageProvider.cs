namespace Indexer.Storage;

/// <summary>
/// Every concern of the store, on one database. Each provider (Sqlite/, Postgres/) implements all of them, so a
/// concern added here is a compile error in every provider until each one has it (see the store's contract tests).
/// </summary>
public interface IStorageProvider : IDisposable
{
    IStoreSchema Schema { get; }
    IArticleStore Articles { get; }
    IFeedStateStore FeedStates { get; }
    IAlertStore Alerts { get; }
    IPageQueue PageQueue { get; }
    IClusterLocks Locks { get; }
}
