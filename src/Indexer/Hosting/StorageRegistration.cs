using Indexer.Configuration;
using Indexer.Feeds.Fetching;
using Indexer.Storage;
using Indexer.Storage.Postgres;
using Indexer.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Indexer.Hosting;

/// <summary>
/// The one place that chooses the store's implementation (Storage:Provider) and makes each of its concerns a
/// service; the service, the command-line verbs and the tests all come through here.
/// </summary>
public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(sp => Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Schema);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Articles);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().FeedStates);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Alerts);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().PageQueue);
        services.AddSingleton(sp => sp.GetRequiredService<IStorageProvider>().Locks);
        services.AddSingleton<StoreChangeSignal>();
        services.AddSingleton<StoreOutage>();
        // Instances sharing a database share the per-host fetch caps too; alone, the fetcher's own caps suffice.
        services.AddSingleton<ISharedHostLimit>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? new ClusterHostLimit(sp.GetRequiredService<IClusterLocks>())
            : null!);
        return services;
    }

    private static IStorageProvider Create(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => new SqliteStorage(options),
        StorageProvider.Postgres => new PostgresStorage(options),
        _ => throw new ConfigException($"Storage:Provider: \"{options.Provider}\" is not a provider; use sqlite or postgres"),
    };
}
