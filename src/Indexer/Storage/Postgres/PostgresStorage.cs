using Indexer.Configuration;

namespace Indexer.Storage.Postgres;

/// <summary>The shared provider: every store concern in one PostgreSQL database that several instances use at once.</summary>
public sealed class PostgresStorage : IStorageProvider
{
    private readonly PostgresDatabase _database;

    public PostgresStorage(StorageOptions options)
    {
        _database = new PostgresDatabase(options.ConnectionString
            ?? throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is postgres"));
        Schema = new PostgresSchema(_database);
        Articles = new PostgresArticleStore(_database);
        Locks = new PostgresClusterLocks(_database);
        PageQueue = new PostgresPageQueue(_database);
        FeedStates = new PostgresFeedStateStore(_database);
        Alerts = new PostgresAlertStore(_database);
    }

    public IStoreSchema Schema { get; }
    public IArticleStore Articles { get; }
    public IFeedStateStore FeedStates { get; }
    public IAlertStore Alerts { get; }
    public IPageQueue PageQueue { get; }
    public IClusterLocks Locks { get; }

    public void Dispose() => _database.Dispose();
}
