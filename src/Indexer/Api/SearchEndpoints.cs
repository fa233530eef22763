using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Metrics;
using Indexer.Search;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Api;

public static class SearchEndpoints
{
    /// <summary>
    /// The query parameters of a search, for <c>/search</c> and its feeds (<c>/search.atom</c>, <c>/search.rss</c>)
    /// alike: one list, so a search and its feed can never take different parameters.
    /// </summary>
    public static readonly QueryParameterDoc[] Parameters =
    [
        new("q", QueryParameterType.Text, "Lucene classic syntax: words, \"phrases\", AND/OR/NOT, +/-, prefix* (two letters at least), title: body: feed: fields. Leading wildcards, fuzzy~, /regex/ and [ranges] are refused."),
        new("page", QueryParameterType.Integer, "Page number, from 1 (default 1). page × size may not exceed Search:MaxResultWindow."),
        new("size", QueryParameterType.Integer, "Hits per page, from 1 to Search:MaxPageSize (default Search:DefaultPageSize)."),
        new("sort", QueryParameterType.Text, "relevance (default for /search; ties go to the newest) or newest (default for the feeds)."),
        new("feed", QueryParameterType.TextList, "Only these feed ids; repeat the parameter or separate ids with commas."),
        new("from", QueryParameterType.Text, "Published on or after: a date (2024-09-14, from its start) or a UTC date-time (2024-09-14T10:15:00Z)."),
        new("to", QueryParameterType.Text, "Published on or before: a date (2024-09-14, to its end) or a UTC date-time."),
        new("language", QueryParameterType.Text, "Only articles in this language: a language tag such as gu (also matching gu-in) or gu-in; anything else (gu_IN, gu,en) is a 400."),
    ];

    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search", async (HttpRequest request, ArticleSearcher searcher, IOptions<SearchOptions> options, IndexerMetrics metrics,
                FeedCatalog catalog, IArticleStore store, CancellationToken cancellationToken) =>
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var searchRequest = SearchRequestReader.Read(request.Query, options.Value);
                    (searchRequest, var problem) = await FeedsAsHeldAsync(searchRequest, catalog, store, cancellationToken);
                    if (problem is not null) return problem;
                    var response = searcher.Search(searchRequest);
                    metrics.SearchCompleted(Stopwatch.GetElapsedTime(started));
                    return Results.Ok(response);
                }
                catch (SearchQueryException e)
                {
                    return Problems.BadRequest(e.Message, e.Parameter);
                }
            })
            .WithName("Search")
            .WithSummary("Search articles")
            .WithDescription("""
                Full-text search over title and body with the Gujarati analyzer (inflected forms and spelling variants match).
                Every word must match; when no article has them all, any word is enough and `operator` says OR.
                Without q, at least one filter is needed and the newest matching articles are listed.
                A search that runs past Search:Timeout returns what it found so far with `partial: true`.
                The same search as a feed: /search.atom and /search.rss.
                """)
            .WithQueryParameters(Parameters)
            .Produces<SearchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireSearchRateLimit();
    }

    /// <summary>
    /// The request with its feed= ids as configured (feed ids are unique ignoring case, so feed=BBC is the feed
    /// bbc), or a problem for an id that names nothing: it would give an empty page that looks like "no news". A
    /// removed feed whose articles are still stored is a fine filter; the store is asked only for ids the config
    /// does not know.
    /// </summary>
    internal static async Task<(SearchRequest Request, IResult? Problem)> FeedsAsHeldAsync(SearchRequest request, FeedCatalog catalog, IArticleStore store, CancellationToken cancellationToken)
    {
        var configured = catalog.Feeds.Select(f => f.Id).ToList();
        if (request.Feeds.All(f => catalog.Find(f) is not null)) return (FeedIdSpelling.Of(configured).Respell(request), null);
        var stored = await store.CountArticlesByFeedAsync(cancellationToken);
        var held = FeedIdSpelling.Of([.. configured, .. stored.Where(s => s.Value > 0).Select(s => s.Key)]);
        return request.Feeds.FirstOrDefault(f => !held.Holds(f)) is { } unknown
            ? (request, Problems.BadRequest($"feed: no feed \"{unknown}\" is configured, and none by that id has stored articles; the feeds are {string.Join(", ", configured)}", "feed"))
            : (held.Respell(request), null);
    }
}
