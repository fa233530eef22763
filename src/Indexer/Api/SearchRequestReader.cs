using Indexer.Configuration;
using Indexer.Search;
using static Indexer.Api.QueryParameters;

namespace Indexer.Api;

/// <summary>Reads and checks the query string of <c>GET /search</c>; every complaint names the parameter.</summary>
public static class SearchRequestReader
{
    public static SearchRequest Read(IQueryCollection query, SearchOptions options)
    {
        var page = ReadInt(query, "page", 1, 1, int.MaxValue, "a whole number of 1 or more");
        var size = ReadInt(query, "size", options.DefaultPageSize, 1, options.MaxPageSize, $"a whole number from 1 to {options.MaxPageSize}");
        var sort = Single(query, "sort") switch
        {
            null or "relevance" => SearchSort.Relevance,
            "newest" => SearchSort.Newest,
            var other => throw new SearchQueryException($"sort: \"{other}\" is not allowed; use relevance or newest", "sort"),
        };
        var from = ReadDate(query, "from", endOfDay: false);
        var to = ReadDate(query, "to", endOfDay: true);
        if (from is not null && to is not null && from > to)
            throw new SearchQueryException("from: must not be after to", "from");
        var feeds = query["feed"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var language = Single(query, "language");
        return new SearchRequest
        {
            Query = Single(query, "q")?.Trim() ?? "",
            Page = page,
            Size = size,
            Sort = sort,
            From = from,
            To = to,
            Feeds = feeds,
            Language = string.IsNullOrWhiteSpace(language) ? null : language.Trim().ToLowerInvariant(),
        };
    }

    private static DateTimeOffset? ReadDate(IQueryCollection query, string name, bool endOfDay)
    {
        var text = Single(query, name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateBound.Parse(text, endOfDay)
            ?? throw new SearchQueryException($"{name}: \"{text}\" is not {DateBound.Expected}", name);
    }
}
