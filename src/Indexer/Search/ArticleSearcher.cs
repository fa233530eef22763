using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Lucene.Net.QueryParsers.Classic;
using Microsoft.Extensions.Options;

namespace Indexer.Search;

/// <summary>Answers searches against the index: query, filters, sort, paging, facets and highlighted snippets.</summary>
public sealed class ArticleSearcher
{
    private readonly ArticleIndex _index;
    private readonly SearchOptions _options;
    private readonly Counter _clock;
    private readonly SearchResultCache _cache;

    public ArticleSearcher(ArticleIndex index, IOptions<SearchOptions> options)
        : this(index, options, TimeLimitingCollector.GlobalCounter)
    {
    }

    /// <param name="clock">
    /// Milliseconds as the time limit sees them. Lucene's global counter ticks every 20 ms, which no test can steer;
    /// a counter of the test's own makes a search run out of time exactly when it wants.
    /// </param>
    public ArticleSearcher(ArticleIndex index, IOptions<SearchOptions> options, Counter clock)
    {
        _index = index;
        _options = options.Value;
        _clock = clock;
        _cache = new SearchResultCache(_options.ResultCacheSize);
    }

    public SearchResponse Search(SearchRequest request)
    {
        var stopwatch = Stopwatch.StartNew();
        var browse = string.IsNullOrWhiteSpace(request.Query);
        if (browse && !request.HasFilters)
            throw new SearchQueryException("q: required (or give a filter: feed, from, to or language, to browse the newest articles)", "q");
        if (request.Query.Length > _options.MaxQueryLength)
            throw new SearchQueryException($"q: longer than {_options.MaxQueryLength} characters", "q");
        if ((long)request.Page * request.Size > _options.MaxResultWindow)
            throw new SearchQueryException($"page: page × size may not exceed {_options.MaxResultWindow}; narrow the query or the filters instead", "page");

        var newestFirst = browse || request.Sort == SearchSort.Newest;

        using var lease = _index.Acquire();
        var searcher = lease.Searcher;
        if (request.Feeds.Count > 0) request = FeedIdSpelling.Of(searcher.IndexReader).Respell(request);
        var filter = SearchFilters.Create(request);

        var records = new HitRecords(searcher);
        var key = SearchKey.Of(request, newestFirst);
        var wanted = request.Page * request.Size;
        var result = _cache.Get(searcher.IndexReader, key, wanted);
        var partial = false;
        if (result is null)
        {
            (result, partial) = Run(searcher, records, request, browse, filter, newestFirst, _cache.Enabled ? Math.Max(wanted, SearchResultCache.Depth) : wanted);
            if (!partial) _cache.Put(searcher.IndexReader, key, result);
        }
        var page = result.Top.Skip((request.Page - 1) * request.Size).Take(request.Size).ToList();

        var hits = new List<SearchHit>(page.Count);
        HitShower? shower = null;
        foreach (var scoreDoc in page)
        {
            if (!result.Shown.TryGetValue(scoreDoc.Doc, out var hit))
            {
                shower ??= new HitShower(records, browse ? null : result.Reading.Highlight(result.Query), _index.Analyzer, _options.SnippetLength);
                result.Shown[scoreDoc.Doc] = hit = shower.Show(scoreDoc.Doc, browse || float.IsNaN(scoreDoc.Score) ? null : scoreDoc.Score);
            }
            hits.Add(hit);
        }

        return new SearchResponse
        {
            Query = request.Query,
            Total = result.Total,
            Page = request.Page,
            Size = request.Size,
            TookMs = stopwatch.ElapsedMilliseconds,
            Partial = partial,
            Operator = result.Operator,
            Transliterated = result.Reading.ReadAs.Count > 0,
            ReadAs = result.Reading.ReadAs,
            Sort = newestFirst ? "newest" : "relevance",
            Hits = hits,
            Facets = new SearchFacets(result.FeedCounts),
            Rebuilding = _index.Rebuild,
        };
    }

    // Other spellings of a Gujarati word only where they can rank below the word itself. A reader may have pasted
    // the text, quotation marks and all.
    private CheckedQuery Parse(IndexSearcher searcher, string text, Operator @operator, bool newestFirst) =>
        ArticleQueryParser.ParseChecked(text, _index.Analyzer, @operator, _options.MaxClauses, _options.Transliteration, otherSpellings: !newestFirst,
            feedId: id => FeedIdSpelling.Of(searcher.IndexReader).Spell(id), strayQuoteAsText: true);

    /// <summary>
    /// Parses and collects: AND first (by default), OR when nothing has every word; then reads the query's Latin
    /// words in the first results, whatever the page, so every page says the same.
    /// </summary>
    private (CachedSearch Result, bool Partial) Run(IndexSearcher searcher, HitRecords records, SearchRequest request, bool browse, Filter? filter, bool newestFirst, int wanted)
    {
        if (browse)
            return Collect(searcher, records, new CheckedQuery(new MatchAllDocsQuery(), []), "NONE", filter, newestFirst, wanted);
        var first = _options.DefaultOperator == DefaultOperator.Or ? Operator.OR : Operator.AND;
        var parsed = Parse(searcher, request.Query, first, newestFirst);
        var collected = Collect(searcher, records, parsed, first == Operator.OR ? "OR" : "AND", filter, newestFirst, wanted);
        if (collected.Result.Total == 0 && !collected.Partial && _options.DefaultOperator == DefaultOperator.AndThenOr)
        {
            // Nothing has every word: offer the articles with most of them rather than an empty page.
            var any = Parse(searcher, request.Query, Operator.OR, newestFirst);
            if (!any.Query.Equals(parsed.Query)) collected = Collect(searcher, records, any, "OR", filter, newestFirst, wanted);
        }
        return collected;
    }

    private (CachedSearch Result, bool Partial) Collect(IndexSearcher searcher, HitRecords records, CheckedQuery parsed, string @operator, Filter? filter, bool newestFirst, int wanted)
    {
        // Latin results are reordered within a window of their own (LatinReading.Rank), the same for every page.
        if (parsed.LatinWords.Count > 0 && !newestFirst) wanted = Math.Max(wanted, LatinReading.RankWindow);
        var query = parsed.Query;
        LatinReading? read = null;
        if (parsed.LatinWords.Count > 0 && newestFirst)
        {
            // A date order cannot put look-alikes below the words meant (rashiya: રસ, juice): read the Latin words in
            // the best-ranked results, then list by date the articles that have the words they were read as. As many
            // as a ranked search reads in, so that English articles at the top (a mixed index) leave Gujarati ones to read.
            var (best, _) = Gather(searcher, query, filter, newestFirst: false, LatinReading.RankWindow);
            read = LatinReading.Read(records, best.Top().Select(d => d.Doc), parsed.LatinWords, _index.Analyzer);
            query = read.Restrict(query, every: @operator == "AND");
        }
        var (collector, partial) = Gather(searcher, query, filter, newestFirst, wanted);
        var top = collector.Top();
        var reading = read ?? (top.Length == 0 ? LatinReading.None : LatinReading.Read(records, top.Select(d => d.Doc), parsed.LatinWords, _index.Analyzer));
        if (!newestFirst) top = reading.Rank(top, records);
        return (new CachedSearch(parsed.Query, @operator, top, collector.Total, collector.FeedCounts, reading), partial);
    }

    /// <summary>The best <paramref name="wanted"/> matches of a query, with its total and facets; partial when the time limit ran out.</summary>
    private (ArticleCollector Collector, bool Partial) Gather(IndexSearcher searcher, Query query, Filter? filter, bool newestFirst, int wanted)
    {
        var collector = new ArticleCollector(wanted, newestFirst, _clock, (long)_options.Timeout.TotalMilliseconds);
        try
        {
            searcher.Search(AbsentTerms.Prune(query, searcher.IndexReader), filter, collector);
            return (collector, false);
        }
        catch (ArticleCollector.TimeExceededException)
        {
            return (collector, true);
        }
    }
}
