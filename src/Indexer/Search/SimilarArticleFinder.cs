using Indexer.Configuration;
using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;

namespace Indexer.Search;

/// <summary>Related stories: the articles whose title and body share the most telling words with one article.</summary>
public sealed class SimilarArticleFinder(ArticleIndex index, IOptions<SearchOptions> options)
{
    public const int MaxSize = 20;

    private readonly SearchOptions _options = options.Value;

    /// <summary>Up to <paramref name="size"/> articles like <paramref name="id"/>, best first; null when the index has no such article.</summary>
    public SimilarResponse? Find(string id, int size)
    {
        using var lease = index.Acquire();
        var searcher = lease.Searcher;
        var idTerm = new Term(ArticleFields.Id, id);
        var own = searcher.Search(new TermQuery(idTerm), 1).ScoreDocs;
        if (own.Length == 0) return null;

        // The index keeps title and body in the hit record, not as stored fields, so the words are taken from
        // there; both fields share one analyzer and MoreLikeThis counts words across fields, as it would per field.
        var records = new HitRecords(searcher);
        var (record, _) = records.Read(own[0].Doc);
        var like = CreateMoreLikeThis(searcher.IndexReader).Like(new StringReader(record.Title + "\n" + record.Body), ArticleFields.Body);
        var query = new BooleanQuery
        {
            { like, Occur.MUST },
            // The article is always its own best match.
            { new TermQuery(idTerm), Occur.MUST_NOT },
        };
        var hits = new List<SearchHit>(size);
        // An article whose words are all unique to it yields an empty query: nothing is like it.
        if (like is not BooleanQuery { Clauses.Count: 0 })
        {
            foreach (var scoreDoc in searcher.Search(query, size).ScoreDocs)
            {
                var (hit, _) = records.Read(scoreDoc.Doc);
                hits.Add(SearchHitFactory.Create(hit, scoreDoc.Score,
                    highlightedTitle: SnippetHighlighter.Escape(hit.Title),
                    snippet: SnippetHighlighter.Lead(hit.Body ?? "", _options.SnippetLength)));
            }
        }
        return new SimilarResponse(id, hits);
    }

    private MoreLikeThis CreateMoreLikeThis(IndexReader reader) => new(reader)
    {
        Analyzer = index.Analyzer,
        FieldNames = [ArticleFields.Title, ArticleFields.Body],
        // News articles are short: a word said once is already a signal (Lucene's default wants it twice).
        MinTermFreq = 1,
        // A word found in no other article cannot lead to one; Lucene's default of 5 would starve small indexes.
        MinDocFreq = 2,
        MinWordLen = 2,
        MaxQueryTerms = 25,
        // Weigh each chosen word by how telling it is, not only whether it occurs.
        ApplyBoost = true,
    };
}

public sealed record SimilarResponse(string Id, IReadOnlyList<SearchHit> Hits);
