using Indexer.Indexing;
using Indexer.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;

namespace Indexer.Benchmarks;

/// <summary>
/// The naive path the service is measured against: what a developer writes first with plain Lucene.Net for the same
/// request. The classic query parser over title and body (every word required), the same filters and sort, the
/// whole stored document per hit, and the classic Highlighter, which analyses each hit's title and body again.
/// </summary>
internal sealed class PlainLuceneSearch(Analyzer analyzer, int snippetLength)
{
    private static readonly Sort NewestFirst = new(new SortField(ArticleFields.SortDate, SortFieldType.INT64, reverse: true));

    /// <summary>One hit as the plain path shows it.</summary>
    public sealed record Hit(string Id, string Title, string HighlightedTitle, string? Url, string FeedId, long? Published, string Snippet);

    public sealed record Result(int Total, IReadOnlyList<Hit> Hits);

    public Result Search(IndexSearcher searcher, SearchRequest request)
    {
        Query query;
        if (request.Query.Length == 0)
            query = new MatchAllDocsQuery();
        else
        {
            var parser = new MultiFieldQueryParser(LuceneVersion.LUCENE_48, [ArticleFields.Title, ArticleFields.Body], analyzer,
                new Dictionary<string, float> { [ArticleFields.Title] = 2f, [ArticleFields.Body] = 1f }) { DefaultOperator = Operator.AND };
            query = parser.Parse(request.Query);
        }
        var filter = SearchFilters.Create(request);
        var wanted = request.Page * request.Size;
        var top = request.Query.Length == 0 || request.Sort == SearchSort.Newest
            ? searcher.Search(query, filter, wanted, NewestFirst)
            : searcher.Search(query, filter, wanted);

        var formatter = new SimpleHTMLFormatter("<mark>", "</mark>");
        var scorer = new QueryScorer(query, ArticleFields.Body);
        var body = new Highlighter(formatter, scorer) { TextFragmenter = new SimpleSpanFragmenter(scorer, snippetLength) };
        var title = new Highlighter(formatter, new QueryScorer(query, ArticleFields.Title)) { TextFragmenter = new NullFragmenter() };
        var hits = new List<Hit>(request.Size);
        foreach (var hit in top.ScoreDocs.Skip((request.Page - 1) * request.Size))
        {
            var document = searcher.Doc(hit.Doc);
            var titleText = document.Get(ArticleFields.Title);
            var bodyText = document.Get(ArticleFields.Body);
            hits.Add(new Hit(document.Get(ArticleFields.Id), titleText,
                title.GetBestFragment(analyzer, ArticleFields.Title, titleText) ?? titleText,
                document.Get(ArticleFields.Url), document.Get(ArticleFields.FeedId),
                document.GetField(ArticleFields.Published)?.GetInt64Value(),
                body.GetBestFragment(analyzer, ArticleFields.Body, bodyText) ?? ""));
        }
        return new Result(top.TotalHits, hits);
    }
}
