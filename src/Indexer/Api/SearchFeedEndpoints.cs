using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Indexer.Configuration;
using Indexer.Search;
using Indexer.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Indexer.Api;

/// <summary>
/// <c>GET /search.atom</c> and <c>GET /search.rss</c>: any search as a feed a reader can subscribe to, newest first.
/// Readers poll; the ETag and Last-Modified of the newest entries let them do it with a 304 and no body.
/// </summary>
public static class SearchFeedEndpoints
{
    public static void MapSearchFeedEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (path, format) in new[] { ("/search.atom", SearchFeedFormat.Atom), ("/search.rss", SearchFeedFormat.Rss) })
        {
            app.MapGet(path, (HttpContext context, ArticleSearcher searcher, IArticleStore store, FeedCatalog catalog, IOptions<SearchOptions> options, CancellationToken cancellationToken) =>
                    AnswerAsync(context, format, searcher, store, catalog, options.Value, cancellationToken))
                .WithName(format == SearchFeedFormat.Atom ? "SearchAtom" : "SearchRss")
                .WithSummary(format == SearchFeedFormat.Atom ? "A search as an Atom 1.0 feed" : "A search as an RSS 2.0 feed")
                .WithDescription("""
                    The parameters and errors of /search, answered as a feed, newest first unless sort says otherwise: per entry
                    the title, the original link, a stable id (urn:…:article:<id>), published and updated times, the author and
                    the highlighted snippet (HTML) as the summary. ETag and Last-Modified come from the entries; a conditional
                    request (If-None-Match, If-Modified-Since) gets 304 while nothing changed.
                    """)
                .WithQueryParameters(SearchEndpoints.Parameters)
                .Produces<string>(StatusCodes.Status200OK, format == SearchFeedFormat.Atom ? "application/atom+xml" : "application/rss+xml")
                .Produces(StatusCodes.Status304NotModified)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status429TooManyRequests)
                .RequireSearchRateLimit();
        }
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, SearchFeedFormat format, ArticleSearcher searcher,
        IArticleStore store, FeedCatalog catalog, SearchOptions options, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        SearchRequest request;
        SearchResponse response;
        try
        {
            // A feed is read as "what is new": newest first unless the reader asked for relevance.
            request = SearchRequestReader.Read(query, options, defaultSort: SearchSort.Newest);
            (request, var problem) = await SearchEndpoints.FeedsAsHeldAsync(request, catalog, store, cancellationToken);
            if (problem is not null) return problem;
            response = searcher.Search(request);
        }
        catch (SearchQueryException e)
        {
            return Problems.BadRequest(e.Message, e.Parameter);
        }

        // The index holds what a search needs; the store adds what a feed entry needs (author, update time).
        var stored = (await store.GetArticlesAsync(response.Hits.Select(h => h.Id).ToList(), cancellationToken)).ToDictionary(a => a.Id);
        var root = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        var entries = new List<SearchFeedEntry>(response.Hits.Count);
        foreach (var hit in response.Hits)
        {
            // Gone when retention deleted it between the search and now.
            if (!stored.TryGetValue(hit.Id, out var a)) continue;
            entries.Add(new SearchFeedEntry(a.Id, a.Title, a.Url ?? $"{root}/articles/{Uri.EscapeDataString(a.Id)}", a.FeedId, a.Language,
                a.Published, a.Updated, a.Author, hit.Snippet));
        }
        DateTimeOffset? updated = entries.Count == 0 ? null : entries.Max(e => e.Updated);

        var headers = context.Response.Headers;
        var etag = ETag(format, request, entries);
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        if (updated is { } lastModified) headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        if (NotModified(context.Request, etag, updated)) return Results.StatusCode(StatusCodes.Status304NotModified);

        var feed = new SearchFeed(
            Id: SearchFeedXml.UrnPrefix + "search:" + Hash(Canonical(request))[..24],
            Title: "ગુજરાતી સમાચાર શોધ: " + Describe(request),
            Description: request.Query.Length > 0
                ? $"Articles matching {Describe(request)}, from the Gujarati news indexer"
                : $"The newest articles{(Filters(request) is { Count: > 0 } filters ? $" ({string.Join(" · ", filters)})" : "")} from the Gujarati news indexer",
            SelfUrl: root + context.Request.Path + context.Request.QueryString,
            PageUrl: root + "/" + context.Request.QueryString,
            Updated: updated,
            Entries: entries);
        return Results.Bytes(SearchFeedXml.Write(feed, format),
            format == SearchFeedFormat.Atom ? SearchFeedXml.AtomContentType : SearchFeedXml.RssContentType);
    }

    /// <summary>If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); dates count in whole seconds, as HTTP writes them.</summary>
    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset? updated)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (!StringValues.IsNullOrEmpty(ifNoneMatch))
        {
            return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
                && tags.Any(t => t.Tag == "*" || t.Tag == etag);
        }
        return updated is { } lastModified
            && HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)
            && lastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    /// <summary>Changes exactly when the feed would: another search, other entries, or an entry updated.</summary>
    private static string ETag(SearchFeedFormat format, SearchRequest request, IEnumerable<SearchFeedEntry> entries)
    {
        var text = new StringBuilder(format.ToString()).Append('\n').Append(Canonical(request));
        foreach (var entry in entries) text.Append('\n').Append(entry.ArticleId).Append(' ').Append(entry.Updated.ToUnixTimeMilliseconds());
        return $"\"{Hash(text.ToString())[..32]}\"";
    }

    /// <summary>The search as validated, in one fixed order: the same search however its URL was written.</summary>
    private static string Canonical(SearchRequest r) => string.Join('\n',
        r.Query, string.Join(',', r.Feeds.Order(StringComparer.Ordinal)), r.From?.ToUnixTimeMilliseconds(), r.To?.ToUnixTimeMilliseconds(),
        r.Language, r.Sort, r.Page, r.Size);

    private static string Describe(SearchRequest r) =>
        string.Join(" · ", [r.Query.Length > 0 ? r.Query : "newest articles", .. Filters(r)]);

    private static List<string> Filters(SearchRequest r)
    {
        var parts = new List<string>();
        if (r.Feeds.Count > 0) parts.Add("feed " + string.Join(", ", r.Feeds));
        if (r.From is { } from) parts.Add("from " + from.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (r.To is { } to) parts.Add("to " + to.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (r.Language is { } language) parts.Add("language " + language);
        return parts;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
