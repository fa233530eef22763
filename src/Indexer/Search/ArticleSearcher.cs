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

        Query query;
        var @operator = "AND";
        CollectedHits collected;
        if (browse)
        {
            query = new MatchAllDocsQuery();
            collected = Collect(searcher, query, filter, sort, request);
        }
        else
        {
            var first = _options.DefaultOperator == DefaultOperator.Or ? Operator.OR : Operator.AND;
            @operator = first == Operator.OR ? "OR" : "AND";
            query = Parse(request.Query, first);
            collected = Collect(searcher, query, filter, sort, request);
            if (collected.Total == 0 && !collected.Partial && _options.DefaultOperator == DefaultOperator.AndThenOr)
            {
                // Nothing has every word: offer the articles with most of them rather than an empty page.
                var any = Parse(request.Query, Operator.OR);
                if (!any.Equals(query))
                {
                    query = any;
                    @operator = "OR";
                    collected = Collect(searcher, query, filter, sort, request);
                }
            }
        }

        var highlighter = browse ? null : new SnippetHighlighter(query, _index.Analyzer, _options.SnippetLength);
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
            Sort = browse || request.Sort == SearchSort.Newest ? "newest" : "relevance",
            Hits = hits,
            Facets = new SearchFacets(collected.FeedCounts),
            Rebuilding = _index.Rebuild,
        };
    }

    private static readonly Sort NewestFirst = new(new SortField(ArticleFields.SortDate, SortFieldType.INT64, reverse: true));
    private static readonly Sort RelevanceThenNewest = new(SortField.FIELD_SCORE, new SortField(ArticleFields.SortDate, SortFieldType.INT64, reverse: true));

    private Query Parse(string text, Operator @operator) =>
        ArticleQueryParser.ParseChecked(text, _index.Analyzer, @operator, _options.MaxClauses);

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
        var docs = top.GetTopDocs((request.Page - 1) * request.Size, request.Size).ScoreDocs;
        return new CollectedHits(docs, top.TotalHits, partial, facets.Counts);
    }

    private sealed record CollectedHits(ScoreDoc[] Docs, long Total, bool Partial, IReadOnlyDictionary<string, long> FeedCounts);
}
