using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Indexer.Search;

/// <summary>Turns the request's filters into a Lucene filter: they restrict results without changing scores.</summary>
public static class SearchFilters
{
    public static Filter? Create(SearchRequest request)
    {
        if (!request.HasFilters) return null;
        var all = new BooleanQuery();
        if (request.Feeds.Count > 0)
        {
            var feeds = new BooleanQuery();
            foreach (var feed in request.Feeds)
                feeds.Add(new TermQuery(new Term(ArticleFields.FeedId, feed)), Occur.SHOULD);
            all.Add(feeds, Occur.MUST);
        }
        if (request.From is not null || request.To is not null)
        {
            all.Add(NumericRangeQuery.NewInt64Range(ArticleFields.Published,
                request.From?.ToUnixTimeMilliseconds(), request.To?.ToUnixTimeMilliseconds(), true, true), Occur.MUST);
        }
        if (request.Language is not null)
            all.Add(new TermQuery(new Term(ArticleFields.Language, request.Language)), Occur.MUST);
        return new QueryWrapperFilter(all);
    }
}
