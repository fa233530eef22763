using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>Counts matching articles per feed over all matches, not only the page shown.</summary>
public sealed class FeedFacetCollector : ICollector
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private SortedDocValues? _feeds;
    private long[] _segmentCounts = [];

    public IReadOnlyDictionary<string, long> Counts
    {
        get
        {
            FlushSegment();
            return _counts;
        }
    }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) { }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        _feeds = context.AtomicReader.GetSortedDocValues(ArticleFields.FeedId);
        _segmentCounts = _feeds is null ? [] : new long[_feeds.ValueCount];
    }

    public void Collect(int doc)
    {
        if (_feeds is null) return;
        var ordinal = _feeds.GetOrd(doc);
        if (ordinal >= 0) _segmentCounts[ordinal]++;
    }

    // Counting by ordinal per segment and naming the ordinals once keeps Collect free of string work.
    private void FlushSegment()
    {
        if (_feeds is null) return;
        var name = new BytesRef();
        for (var ordinal = 0; ordinal < _segmentCounts.Length; ordinal++)
        {
            if (_segmentCounts[ordinal] == 0) continue;
            _feeds.LookupOrd(ordinal, name);
            var feed = name.Utf8ToString();
            _counts[feed] = _counts.GetValueOrDefault(feed) + _segmentCounts[ordinal];
        }
        _feeds = null;
        _segmentCounts = [];
    }
}
