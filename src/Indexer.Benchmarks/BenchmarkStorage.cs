using Indexer.Configuration;
using Indexer.Hosting;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Benchmarks;

/// <summary>The service's own store (Hosting/StorageRegistration, SQLite) in a folder of the benchmark's, migrated.</summary>
internal sealed class BenchmarkStorage : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BenchmarkStorage(ServiceProvider services) => _services = services;

    public IOptions<StorageOptions> Options => _services.GetRequiredService<IOptions<StorageOptions>>();
    public IArticleStore Articles => _services.GetRequiredService<IArticleStore>();

    public static async Task<BenchmarkStorage> OpenAsync(string dataDirectory)
    {
        var storage = new BenchmarkStorage(new ServiceCollection()
            .AddLogging()
            .AddStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = dataDirectory,
            }).Build())
            .BuildServiceProvider());
        await storage._services.GetRequiredService<IStoreSchema>().MigrateAsync(default);
        return storage;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
