using System.Globalization;
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

    /// <summary>A bare date means the whole day: from its start, or to its last moment.</summary>
    private static DateTimeOffset? ReadDate(IQueryCollection query, string name, bool endOfDay)
    {
        var text = Single(query, name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // TimeOnly.MaxValue rather than next midnight minus a tick: 9999-12-31 has no next midnight.
            return new DateTimeOffset(date.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment)
            && text.Contains('T'))
            return moment;
        throw new SearchQueryException($"{name}: \"{text}\" is not an ISO 8601 date (2024-09-14) or date-time (2024-09-14T10:15:00Z)", name);
    }
}
