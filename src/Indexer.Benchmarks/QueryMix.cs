using System.Globalization;
using Indexer.Search;

namespace Indexer.Benchmarks;

/// <summary>
/// What readers send (issue 11): one- to three-word queries from the corpus titles, phrases, feed and date
/// filters, sort=newest and pages beyond the first, in fixed proportions from a fixed seed.
/// </summary>
internal static class QueryMix
{
    public static IReadOnlyList<SearchRequest> Create(IReadOnlyList<CorpusDocument> corpus, int feeds, int count = 400)
    {
        var rng = new Random(42);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(n =>
        {
            var words = Words(corpus[rng.Next(corpus.Count)].Title);
            var take = Math.Min(words.Length, 1 + rng.Next(3));
            var text = string.Join(' ', words.Take(take));
            var request = new SearchRequest { Query = n % 10 == 3 && take > 1 ? $"\"{text}\"" : text };
            return (n % 10) switch
            {
                4 => request with { Feeds = [$"bench-{rng.Next(feeds):000}"] },
                5 => request with { From = start.AddDays(rng.Next(300)), To = start.AddDays(300 + rng.Next(300)) },
                6 => request with { Sort = SearchSort.Newest },
                7 => request with { Page = 2 + rng.Next(4) },
                8 => new SearchRequest { Feeds = [$"bench-{rng.Next(feeds):000}"], Page = 1 + rng.Next(3) },
                _ => request,
            };
        }).ToList();
    }

    /// <summary>The query string /search takes for a request.</summary>
    public static string Path(SearchRequest request)
    {
        var query = new List<string>();
        if (request.Query.Length > 0) query.Add("q=" + Uri.EscapeDataString(request.Query));
        foreach (var feed in request.Feeds) query.Add("feed=" + feed);
        if (request.From is { } from) query.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (request.To is { } to) query.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (request.Sort == SearchSort.Newest) query.Add("sort=newest");
        if (request.Page > 1) query.Add("page=" + request.Page);
        return "/search?" + string.Join('&', query);
    }

    // Only letters and vowel signs: a title's brackets or quotes would be (correctly) refused as syntax.
    private static string[] Words(string title)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark).ToArray()))
            .Where(w => w.Length > 1)
            .ToArray();
        return words.Length > 0 ? words : ["સમાચાર"];
    }
}
