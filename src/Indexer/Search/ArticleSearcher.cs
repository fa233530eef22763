using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;

namespace Indexer.Search;

/// <summary>Answers searches against the index: query, filters, sort, paging, facets and highlighted snippets.</summary>
public sealed class ArticleSearcher
{
    private readonly ArticleIndex _index;
    private readonly SearchOptions _options;
    private readonly Counter _clock;

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

        var filter = SearchFilters.Create(request);
        var sort = browse || request.Sort == SearchSort.Newest ? NewestFirst : RelevanceThenNewest;

        using var lease = _index.Acquire();
        var searcher = lease.Searcher;

        CheckedQuery parsed;
        var @operator = "AND";
        CollectedHits collected;
        if (browse)
        {
            parsed = new CheckedQuery(new MatchAllDocsQuery(), []);
            collected = Collect(searcher, parsed.Query, filter, sort, request);
        }
        else
        {
            var first = _options.DefaultOperator == DefaultOperator.Or ? Operator.OR : Operator.AND;
            @operator = first == Operator.OR ? "OR" : "AND";
            parsed = Parse(request.Query, first);
            collected = Collect(searcher, parsed.Query, filter, sort, request);
            if (collected.Total == 0 && !collected.Partial && _options.DefaultOperator == DefaultOperator.AndThenOr)
            {
                // Nothing has every word: offer the articles with most of them rather than an empty page.
                var any = Parse(request.Query, Operator.OR);
                if (!any.Query.Equals(parsed.Query))
                {
                    parsed = any;
                    @operator = "OR";
                    collected = Collect(searcher, parsed.Query, filter, sort, request);
                }
            }
        }

        // Latin words are read in the first results, whatever the page, so every page says the same.
        var reading = collected.Total == 0
            ? LatinReading.None
            : LatinReading.Read(searcher, collected.Leading.Select(d => d.Doc), parsed.LatinWords, _index.Analyzer);
        var highlighter = browse ? null : new SnippetHighlighter(reading.Highlight(parsed.Query), _index.Analyzer, _options.SnippetLength);
        var hits = new List<SearchHit>(collected.Docs.Length);
        foreach (var scoreDoc in collected.Docs)
        {
            var document = searcher.Doc(scoreDoc.Doc);
            var title = document.Get(ArticleFields.Title) ?? "";
            var body = document.Get(ArticleFields.Body) ?? "";
            hits.Add(SearchHitFactory.Create(document,
                score: browse || float.IsNaN(scoreDoc.Score) ? null : scoreDoc.Score,
                highlightedTitle: highlighter?.HighlightTitle(title) ?? SnippetHighlighter.Escape(title),
                snippet: highlighter?.Snippet(body) ?? SnippetHighlighter.Lead(body, _options.SnippetLength)));
        }

        return new SearchResponse
        {
            Query = request.Query,
            Total = collected.Total,
            Page = request.Page,
            Size = request.Size,
            TookMs = stopwatch.ElapsedMilliseconds,
            Partial = collected.Partial,
            Operator = browse ? "NONE" : @operator,
            Transliterated = reading.ReadAs.Count > 0,
            ReadAs = reading.ReadAs,
            Sort = browse || request.Sort == SearchSort.Newest ? "newest" : "relevance",
            Hits = hits,
            Facets = new SearchFacets(collected.FeedCounts),
            Rebuilding = _index.Rebuild,
        };
    }

    private static readonly Sort NewestFirst = new(new SortField(ArticleFields.SortDate, SortFieldType.INT64, reverse: true));
    private static readonly Sort RelevanceThenNewest = new(SortField.FIELD_SCORE, new SortField(ArticleFields.SortDate, SortFieldType.INT64, reverse: true));

    private CheckedQuery Parse(string text, Operator @operator) =>
        ArticleQueryParser.ParseChecked(text, _index.Analyzer, @operator, _options.MaxClauses, _options.Transliteration);

    private CollectedHits Collect(IndexSearcher searcher, Query query, Filter? filter, Sort sort, SearchRequest request)
    {
        var wanted = request.Page * request.Size;
        var top = TopFieldCollector.Create(sort, wanted, fillFields: false, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        var facets = new FeedFacetCollector();
        var limited = new TimeLimitingCollector(MultiCollector.Wrap(top, facets), _clock,
            (long)_options.Timeout.TotalMilliseconds);
        var partial = false;
        try
        {
            searcher.Search(query, filter, limited);
        }
        catch (TimeLimitingCollector.TimeExceededException)
        {
            partial = true;
        }
        var all = top.GetTopDocs().ScoreDocs;
        var docs = all.Skip((request.Page - 1) * request.Size).Take(request.Size).ToArray();
        return new CollectedHits(docs, all.Take(LatinReading.Documents).ToArray(), top.TotalHits, partial, facets.Counts);
    }

    /// <param name="Leading">The first results, whatever the page: what Latin words are read in.</param>
    private sealed record CollectedHits(ScoreDoc[] Docs, ScoreDoc[] Leading, long Total, bool Partial, IReadOnlyDictionary<string, long> FeedCounts);
}
