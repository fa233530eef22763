using System.Net;

namespace Indexer.Feeds.Fetching;

/// <summary>Builds the HTTP handler <see cref="FeedFetcher"/> expects: decompression on, redirects off.</summary>
public static class FeedHttpHandlerFactory
{
    /// <summary>
    /// A handler with gzip, deflate and brotli decompression and no automatic redirects (the fetcher follows them itself
    /// to tell 301/308 from 302/307). With <see cref="FetchingOptions.AllowPrivateNetworks"/> false it refuses private addresses.
    /// </summary>
    public static SocketsHttpHandler Create(FetchingOptions options)
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
        if (!options.AllowPrivateNetworks)
            handler.ConnectCallback = PrivateNetworkGuard.ConnectAsync;
        return handler;
    }
}
