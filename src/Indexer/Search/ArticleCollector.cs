using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>
/// One pass over the matches for everything a result page needs: the best <c>wanted</c> hits (by score then date,
/// or by date), the total, the per-feed counts, and the time limit. Lucene's TopFieldCollector, a facet collector
/// and a TimeLimitingCollector under a MultiCollector did the same through three layers of virtual calls and doc
/// values readers per match, which cost more than the query itself on broad searches.
/// </summary>
internal sealed class ArticleCollector : ICollector
{
    private readonly int _wanted;
    private readonly bool _newestFirst;
    private readonly Counter _clock;
    private readonly long _deadline;
    private readonly Dictionary<string, long> _feedCounts = new(StringComparer.Ordinal);
    // A min-heap of the best hits so far: the root is the one the next better match replaces.
    private readonly Hit[] _heap;
    private int _size;
    private Scorer? _scorer;
    private SegmentColumns? _columns;
    private long[] _segmentFeedCounts = [];
    private int _docBase;

    /// <summary>The clock is read at the first match and then every this many.</summary>
    public const int ClockEvery = 256;

    /// <param name="clock">Read once now and then as <see cref="ClockEvery"/> says.</param>
    public ArticleCollector(int wanted, bool newestFirst, Counter clock, long timeoutMilliseconds)
    {
        _wanted = Math.Max(1, wanted);
        _newestFirst = newestFirst;
        _clock = clock;
        _deadline = clock.Value + timeoutMilliseconds;
        _heap = new Hit[_wanted];
    }

    public long Total { get; private set; }

    public IReadOnlyDictionary<string, long> FeedCounts
    {
        get
        {
            FlushFeedCounts();
            return _feedCounts;
        }
    }

    /// <summary>
    /// The order of hits is decided by their values alone, down to the document number, so matches could come in
    /// any order; asking for them in order keeps Lucene from scoring a query of optional words (every one-word query:
    /// title, body and key) with its out-of-order scorer, whose table of 2,048 bucket objects per segment was
    /// nearly half of what a search allocated, for no faster search.
    /// </summary>
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushFeedCounts();
        _columns = SegmentColumns.For(context.AtomicReader);
        _segmentFeedCounts = new long[_columns.FeedNames.Length + 1];
        _docBase = context.DocBase;
    }

    public void Collect(int doc)
    {
        // Lucene's global clock is an interlocked counter: read at every match, as TimeLimitingCollector does, it
        // had concurrent searches contend for one cache line. It ticks every 20 ms; every 256th match is soon enough.
        if ((Total & (ClockEvery - 1)) == 0 && _clock.Value > _deadline) throw new TimeExceededException();
        Total++;
        var columns = _columns!;
        if (columns.FeedSlots is { } slots) _segmentFeedCounts[slots[doc]]++;
        else _segmentFeedCounts[columns.WideFeedSlots![doc]]++;

        var global = _docBase + doc;
        float score;
        long date;
        if (_newestFirst)
        {
            date = columns.Dates[doc];
            // Scores are shown but do not order: compute one only for a hit that makes the page.
            if (_size == _wanted && !Before(float.NaN, date, global, _heap[0], byScore: false)) return;
            score = _scorer!.GetScore();
        }
        else
        {
            score = _scorer!.GetScore();
            // The date only breaks a tie. Most matches of a broad query score below the page and never need it, and
            // reading it for each was a cache miss per match at a million articles.
            if (_size == _wanted && score < _heap[0].Score) return;
            date = columns.Dates[doc];
            if (_size == _wanted && !Before(score, date, global, _heap[0], byScore: true)) return;
        }
        var hit = new Hit(score, date, global);
        if (_size < _wanted)
        {
            _heap[_size] = hit;
            SiftUp(_size++);
        }
        else
        {
            _heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>The best hits collected, best first.</summary>
    public ScoreDoc[] Top()
    {
        var sorted = _heap[.._size];
        Array.Sort(sorted, (a, b) => Before(a.Score, a.Date, a.Doc, b, !_newestFirst) ? -1 : Before(b.Score, b.Date, b.Doc, a, !_newestFirst) ? 1 : 0);
        return sorted.Select(h => new ScoreDoc(h.Doc, h.Score)).ToArray();
    }

    /// <summary>Whether a hit with these values ranks before <paramref name="other"/>: higher score, newer, lower number.</summary>
    private static bool Before(float score, long date, int doc, Hit other, bool byScore)
    {
        if (byScore && score != other.Score) return score > other.Score;
        if (date != other.Date) return date > other.Date;
        return doc < other.Doc;
    }

    private bool Worse(int a, int b) => Before(_heap[b].Score, _heap[b].Date, _heap[b].Doc, _heap[a], !_newestFirst);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Worse(i, parent)) return;
            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            if (left < _size && Worse(left, worst)) worst = left;
            if (left + 1 < _size && Worse(left + 1, worst)) worst = left + 1;
            if (worst == i) return;
            (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
            i = worst;
        }
    }

    // Counting by ordinal per segment and naming the ordinals once keeps Collect free of string work.
    private void FlushFeedCounts()
    {
        if (_columns is null) return;
        // Slot 0 counts the articles without a feed.
        for (var slot = 1; slot < _segmentFeedCounts.Length; slot++)
        {
            if (_segmentFeedCounts[slot] == 0) continue;
            var feed = _columns.FeedNames[slot - 1];
            _feedCounts[feed] = _feedCounts.GetValueOrDefault(feed) + _segmentFeedCounts[slot];
        }
        _columns = null;
        _segmentFeedCounts = [];
    }

    private readonly record struct Hit(float Score, long Date, int Doc);

    /// <summary>The time limit ran out; what was collected until then stands.</summary>
    public sealed class TimeExceededException : Exception;
}
