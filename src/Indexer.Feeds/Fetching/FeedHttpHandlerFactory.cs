using System.Net;

namespace Indexer.Feeds.Fetching;

/// <summary>Builds the HTTP handler <see cref="FeedFetcher"/> expects: decompression on, redirects off.</summary>
public static class FeedHttpHandlerFactory
{
    /// <summary>
    /// A handler with gzip, deflate and brotli decompression and no automatic redirects (the fetcher follows them itself
    /// to tell 301/308 from 302/307). With <see cref="FetchingOptions.AllowPrivateNetworks"/> false it refuses private addresses.
    /// </summary>
    public static SocketsHttpHandler Create(FetchingOptions options) =>
        Create(options, options.AllowPrivateNetworks ? null : $"{FetchingOptions.SectionName}:{nameof(FetchingOptions.AllowPrivateNetworks)}");

    /// <summary>
    /// The handler for pages that feeds link to: addresses from publishers, so private ones are refused unless
    /// <see cref="FetchingOptions.AllowPrivatePages"/> is true.
    /// </summary>
    public static SocketsHttpHandler CreateForPages(FetchingOptions options) =>
        Create(options, options.AllowPrivatePages ? null : $"{FetchingOptions.SectionName}:{nameof(FetchingOptions.AllowPrivatePages)}");

    /// <param name="guardSetting">Null to connect anywhere; else the setting that would allow private addresses.</param>
    private static SocketsHttpHandler Create(FetchingOptions options, string? guardSetting)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(10) ? options.Timeout : TimeSpan.FromSeconds(10),
            // The fetcher is a singleton holding one handler; recycling pooled connections keeps DNS changes visible.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConcurrentFetchesPerHost,
        };
        if (guardSetting is not null)
        {
            handler.ConnectCallback = PrivateNetworkGuard.For(guardSetting);
            // Through a proxy the connection goes to the proxy, which resolves the name itself: nothing to check.
            handler.UseProxy = false;
        }
        return handler;
    }
}
