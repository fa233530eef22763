using Indexer.Feeds.Discovery;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Pages;
using Indexer.Feeds.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Indexer.Feeds;

/// <summary>Registers feed fetching and parsing with dependency injection.</summary>
public static class FeedsServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the fetcher uses, for callers who want to add handlers to it.</summary>
    public const string HttpClientName = "Indexer.Feeds";

    /// <summary>The name of the <see cref="HttpClient"/> page fetches use (its handler guards private addresses on its own setting).</summary>
    public const string PageHttpClientName = "Indexer.Feeds.Pages";

    private const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

    /// <summary>
    /// Registers <see cref="FetchingOptions"/> (bound from the "Fetching" section, validated at start),
    /// the named HttpClient <see cref="HttpClientName"/> on <see cref="FeedHttpHandlerFactory.Create"/>, and
    /// <see cref="IFeedFetcher"/> and <see cref="IFeedParser"/> as singletons; and for the pages feed items link to,
    /// <see cref="PageFetcher"/> (its own client, <see cref="PageHttpClientName"/>, the same concurrency caps) and
    /// <see cref="ArticleExtractor"/>. An <see cref="ISharedHostLimit"/> registered by the caller holds the per-host cap
    /// across processes, for feed and page fetches alike.
    /// </summary>
    /// <param name="configuration">The application configuration, or its "Fetching" section itself; either works.</param>
    public static IServiceCollection AddFeedFetching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: FetchingOptions.SectionName } own
            ? own
            : configuration.GetSection(FetchingOptions.SectionName);

        services.AddOptions<FetchingOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FetchingOptions>, FetchingOptionsValidator>();
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => FeedHttpHandlerFactory.Create(sp.GetRequiredService<IOptions<FetchingOptions>>().Value))
            // The singleton fetcher keeps its client for the process lifetime; the handler recycles connections itself.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(PageHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => FeedHttpHandlerFactory.CreateForPages(sp.GetRequiredService<IOptions<FetchingOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        // One gate for feed and page fetches alike: a publisher's host sees at most the per-host cap, whatever asks.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FetchingOptions>>().Value;
            return new FetchConcurrencyGate(options.MaxConcurrentFetches, options.MaxConcurrentFetchesPerHost, sp.GetService<ISharedHostLimit>());
        });
        services.AddSingleton<IFeedFetcher>(sp => new FeedFetcher(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<FetchingOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<FetchConcurrencyGate>(),
            FeedFetcher.FeedAccept));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FetchingOptions>>().Value;
            var fetcher = new FeedFetcher(sp.GetRequiredService<IHttpClientFactory>().CreateClient(PageHttpClientName), options,
                sp.GetService<TimeProvider>(), sp.GetRequiredService<FetchConcurrencyGate>(), PageAccept, globalSlot: false);
            return new PageFetcher(fetcher, options, sp.GetService<TimeProvider>());
        });
        services.AddSingleton(new ArticleExtractor());
        services.AddSingleton<PageReader>();
        services.AddSingleton<IFeedParser, FeedParser>();
        services.AddSingleton<FeedDiscoverer>();
        return services;
    }
}
