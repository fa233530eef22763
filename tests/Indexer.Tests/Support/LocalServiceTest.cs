namespace Indexer.Tests.Support;

/// <summary>
/// What every test of the running service starts from: its own config and data folders, and a feed server on
/// 127.0.0.1 that the test fills. <see cref="ServeOneFeed"/> gives the common case of one feed fetched every second.
/// </summary>
public abstract class LocalServiceTest : IAsyncLifetime
{
    protected TempDirectory Config { get; } = new();
    protected TempDirectory Data { get; } = new();
    protected LocalFeedServer Feeds { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Feeds = await LocalFeedServer.StartAsync();

    public virtual async Task DisposeAsync()
    {
        await Feeds.DisposeAsync();
        Config.Dispose();
        Data.Dispose();
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> as the feed "local", fetched every second.</summary>
    protected void ServeOneFeed(string path, string body)
    {
        Feeds.Serve(path, body);
        Config.Write("feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{Feeds.Url(path)}}", "interval": "00:00:01"}]}""");
    }

    protected Task<RunningService> StartServiceAsync(params string[] settings) =>
        RunningService.StartAsync(Config.Path, Data.Path, settings);
}
