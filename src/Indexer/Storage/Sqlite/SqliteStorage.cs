using Indexer.Configuration;

namespace Indexer.Storage.Sqlite;

/// <summary>The embedded provider: every store concern in one SQLite file (WAL) under Storage:DataDirectory.</summary>
public sealed class SqliteStorage : IStorageProvider
{
    private readonly SqliteDatabase _database;

    public SqliteStorage(StorageOptions options)
    {
        _database = new SqliteDatabase(options.DatabasePath);
        Schema = new SqliteSchema(_database);
        Articles = new SqliteArticleStore(_database);
        Locks = new SqliteClusterLocks();
        PageQueue = new SqlitePageQueue(_database);
        FeedStates = new SqliteFeedStateStore(_database);
        Alerts = new SqliteAlertStore(_database);
    }

    public IStoreSchema Schema { get; }
    public IArticleStore Articles { get; }
    public IFeedStateStore FeedStates { get; }
    public IAlertStore Alerts { get; }
    public IPageQueue PageQueue { get; }
    public IClusterLocks Locks { get; }

    public void Dispose() => _database.Dispose();
}
