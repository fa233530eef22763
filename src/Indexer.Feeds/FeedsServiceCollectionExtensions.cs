using Indexer.Feeds.Fetching;
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

    /// <summary>
    /// Registers <see cref="FetchingOptions"/> (bound from the "Fetching" section, validated at start),
    /// the named HttpClient <see cref="HttpClientName"/> on <see cref="FeedHttpHandlerFactory.Create"/>, and
    /// <see cref="IFeedFetcher"/> and <see cref="IFeedParser"/> as singletons. An <see cref="ISharedHostLimit"/>
    /// registered by the caller holds the per-host cap across processes.
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
        services.AddSingleton<IFeedFetcher>(sp => new FeedFetcher(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<FetchingOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ISharedHostLimit>()));
        services.AddSingleton<IFeedParser, FeedParser>();
        return services;
    }
}
