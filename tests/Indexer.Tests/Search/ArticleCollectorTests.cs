using Indexer.Indexing;
using Indexer.Search;
using Indexer.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Indexer.Tests.Search;

/// <summary>
/// The collector on raw documents: only the columns it reads (feed and sort date), so a segment can hold more feeds
/// than the service's fixtures ever would.
/// </summary>
public sealed class ArticleCollectorTests
{
    [Fact]
    public void Matches_that_score_the_same_rank_newest_first_then_by_document_number()
    {
        // Same text, same score: only the dates decide, and the page is full long before the newest arrive.
        using var directory = Index(Enumerable.Range(0, 50).Select(n => Doc($"feed-{n % 3}", date: n % 10 == 7 ? 1_000 + n : n)));
        using var reader = DirectoryReader.Open(directory);

        var collector = Collect(reader, new TermQuery(new Term("text", "word")), wanted: 5);

        var dates = collector.Top().Select(hit => Date(reader, hit.Doc)).ToList();
        Assert.Equal([1_047, 1_037, 1_027, 1_017, 1_007], dates);
        Assert.Equal(50, collector.Total);
    }

    [Fact]
    public void A_better_score_after_the_page_is_full_takes_its_place()
    {
        var docs = Enumerable.Range(0, 20).Select(n => Doc("feed", date: 100 - n)).ToList();
        docs.Add(Doc("feed", date: 0, text: "word rare"));
        using var directory = Index(docs);
        using var reader = DirectoryReader.Open(directory);
        var query = new BooleanQuery { { new TermQuery(new Term("text", "word")), Occur.SHOULD }, { new TermQuery(new Term("text", "rare")), Occur.SHOULD } };

        var top = Collect(reader, query, wanted: 3).Top();

        Assert.Equal([0L, 100, 99], top.Select(hit => Date(reader, hit.Doc)));
    }

    [Fact]
    public void Facets_count_every_feed_also_in_a_segment_with_more_feeds_than_two_bytes_number()
    {
        const int feeds = ushort.MaxValue + 2;
        var docs = Enumerable.Range(0, feeds).Select(n => Doc($"feed-{n:D6}", date: n)).ToList();
        docs.Add(Doc("feed-000000", date: 1));
        docs.Add(Doc(feed: null, date: 2));
        using var directory = Index(docs);
        using var reader = DirectoryReader.Open(directory);
        Assert.Single(reader.Leaves);

        var collector = Collect(reader, new MatchAllDocsQuery(), wanted: 10);

        Assert.Equal(feeds + 2, collector.Total);
        Assert.Equal(feeds, collector.FeedCounts.Count);
        Assert.Equal(2, collector.FeedCounts["feed-000000"]);
        Assert.Equal(1, collector.FeedCounts[$"feed-{feeds - 1:D6}"]);
        Assert.Equal(feeds + 1, collector.FeedCounts.Values.Sum());
    }

    [Fact]
    public void Facets_leave_out_articles_without_a_feed_and_add_up_over_segments()
    {
        using var directory = Index([Doc("a", 1), Doc(null, 2), Doc("b", 3)], [Doc("b", 4), Doc(null, 5)]);
        using var reader = DirectoryReader.Open(directory);
        Assert.Equal(2, reader.Leaves.Count);

        var collector = Collect(reader, new MatchAllDocsQuery(), wanted: 10);

        Assert.Equal(5, collector.Total);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }, collector.FeedCounts);
    }

    private static ArticleCollector Collect(IndexReader reader, Query query, int wanted)
    {
        var collector = new ArticleCollector(wanted, newestFirst: false, new ClockThatJumpsAfter(readings: int.MaxValue), timeoutMilliseconds: 1_000);
        new IndexSearcher(reader).Search(query, collector);
        return collector;
    }

    private static Document Doc(string? feed, long date, string text = "word")
    {
        var document = new Document { new TextField("text", text, Field.Store.NO) };
        if (feed is not null) document.Add(new SortedDocValuesField(ArticleFields.FeedId, new BytesRef(feed)));
        document.Add(new NumericDocValuesField(ArticleFields.SortDate, date));
        return document;
    }

    /// <summary>One segment per list of documents.</summary>
    private static RAMDirectory Index(params IEnumerable<Document>[] segments)
    {
        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))
        {
            MergePolicy = NoMergePolicy.NO_COMPOUND_FILES,
            RAMBufferSizeMB = 256,
        };
        using var writer = new IndexWriter(directory, config);
        foreach (var segment in segments)
        {
            foreach (var document in segment) writer.AddDocument(document);
            writer.Commit();
        }
        return directory;
    }

    private static long Date(IndexReader reader, int doc)
    {
        var leaf = reader.Leaves[ReaderUtil.SubIndex(doc, reader.Leaves)];
        return leaf.AtomicReader.GetNumericDocValues(ArticleFields.SortDate).Get(doc - leaf.DocBase);
    }
}
