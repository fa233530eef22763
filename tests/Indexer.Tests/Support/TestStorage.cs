using Indexer.Configuration;
using Indexer.Hosting;
using Indexer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Support;

/// <summary>A store of either provider, made through the service's own registration (Hosting/StorageRegistration).</summary>
public sealed class TestStorage : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestStorage(ServiceProvider services) => _services = services;

    public IStoreSchema Schema => _services.GetRequiredService<IStoreSchema>();
    public IArticleStore Articles => _services.GetRequiredService<IArticleStore>();
    public IFeedStateStore FeedStates => _services.GetRequiredService<IFeedStateStore>();
    public IAlertStore Alerts => _services.GetRequiredService<IAlertStore>();
    public IPageQueue PageQueue => _services.GetRequiredService<IPageQueue>();
    public IClusterLocks Locks => _services.GetRequiredService<IClusterLocks>();

    /// <param name="connectionString">Required for postgres; unused for sqlite.</param>
    public static async Task<TestStorage> OpenAsync(StorageProvider provider, string dataDirectory, string? connectionString = null, bool migrate = true)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider.ToString(),
            ["Storage:DataDirectory"] = dataDirectory,
            ["Storage:ConnectionString"] = connectionString,
        }).Build();
        var storage = new TestStorage(new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddStorage(settings)
            .BuildServiceProvider());
        if (migrate) await storage.Schema.MigrateAsync(default);
        return storage;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
