using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Search;
using static Indexer.Api.QueryParameters;

namespace Indexer.Api;

/// <summary>Reads and checks the query string of <c>GET /search</c>; every complaint names the parameter.</summary>
public static class SearchRequestReader
{
    /// <param name="defaultSort">The order when sort is absent: relevance for /search, newest for its feeds.</param>
    public static SearchRequest Read(IQueryCollection query, SearchOptions options, SearchSort defaultSort = SearchSort.Relevance)
    {
        var size = ReadInt(query, "size", options.DefaultPageSize, 1, options.MaxPageSize, $"a whole number from 1 to {options.MaxPageSize}");
        // The last page there is: deeper than Search:MaxResultWindow results is refused (also by the searcher).
        var lastPage = Math.Max(1, options.MaxResultWindow / size);
        var page = ReadInt(query, "page", 1, 1, lastPage, $"a whole number from 1 to {lastPage} (page × size may not exceed {options.MaxResultWindow})");
        // Empty is absent, as for every other parameter: a form sends sort= when its choice was left alone.
        var sort = Single(query, "sort")?.Trim() switch
        {
            null or "" => defaultSort,
            "relevance" => SearchSort.Relevance,
            "newest" => SearchSort.Newest,
            var other => throw new SearchQueryException($"sort: \"{other}\" is not allowed; use relevance or newest", "sort"),
        };
        var from = ReadDate(query, "from", endOfDay: false);
        var to = ReadDate(query, "to", endOfDay: true);
        if (from is not null && to is not null && from > to)
            throw new SearchQueryException("from: must not be after to", "from");
        var feeds = query["feed"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var language = ReadLanguage(query);
        return new SearchRequest
        {
            Query = Single(query, "q")?.Trim() ?? "",
            Page = page,
            Size = size,
            Sort = sort,
            From = from,
            To = to,
            Feeds = feeds,
            Language = language,
        };
    }

    /// <summary>
    /// The rule alerts.json and feeds.json apply to the same value: a malformed tag (gu_IN, a lone letter, a list)
    /// can match no article, and an empty page would read as "no news in that language".
    /// </summary>
    private static string? ReadLanguage(IQueryCollection query)
    {
        var text = Single(query, "language")?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (!LanguageTag.IsValid(text))
            throw new SearchQueryException($"language: \"{text}\" is not a language tag; use one such as gu or gu-in (letters, digits and hyphens, at most {LanguageTag.MaxLength})", "language");
        return text.ToLowerInvariant();
    }

    private static DateTimeOffset? ReadDate(IQueryCollection query, string name, bool endOfDay)
    {
        var text = Single(query, name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateBound.Parse(text, endOfDay)
            ?? throw new SearchQueryException($"{name}: \"{text}\" {DateBound.Refusal(text)}", name);
    }
}
