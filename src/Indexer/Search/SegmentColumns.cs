using System.Runtime.CompilerServices;
using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>
/// One segment's sort dates and feed ordinals as plain arrays, read once per segment and shared by every search
/// while the segment lives. Lucene's doc values answer through packed readers and virtual calls for every matching
/// document; facets and sorting touch every match, so that cost grew with the result count.
/// </summary>
/// <remarks>10 bytes a document (10 MB at a million articles). Keyed by the segment's core, so a segment that
/// only gains deletions keeps its arrays, and merged-away segments are dropped with their readers.</remarks>
internal sealed class SegmentColumns
{
    private static readonly ConditionalWeakTable<object, SegmentColumns> Cache = new();

    private SegmentColumns(long[] dates, ushort[]? feedSlots, int[]? wideFeedSlots, string[] feedNames)
    {
        Dates = dates;
        FeedSlots = feedSlots;
        WideFeedSlots = wideFeedSlots;
        FeedNames = feedNames;
    }

    /// <summary>Newest-first sort key per document (published, else first seen).</summary>
    public long[] Dates { get; }

    /// <summary>
    /// Per document, 1 + the index of its feed in <see cref="FeedNames"/>, 0 for none; null when the segment has
    /// too many feeds for two bytes, and <see cref="WideFeedSlots"/> holds them. Two bytes a document keep the
    /// column a quarter of the dates' size: facets read it for every match, and at a million articles the wider
    /// column cost a cache miss where this one is still in cache.
    /// </summary>
    public ushort[]? FeedSlots { get; }

    /// <summary>The same as <see cref="FeedSlots"/> for a segment with 65,535 feeds or more; null otherwise.</summary>
    public int[]? WideFeedSlots { get; }

    public string[] FeedNames { get; }

    public static SegmentColumns For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => Load(reader));

    private static SegmentColumns Load(AtomicReader reader)
    {
        var count = reader.MaxDoc;
        var dates = new long[count];
        if (reader.GetNumericDocValues(ArticleFields.SortDate) is { } sortDates)
            for (var doc = 0; doc < count; doc++) dates[doc] = sortDates.Get(doc);

        var names = Array.Empty<string>();
        var feeds = reader.GetSortedDocValues(ArticleFields.FeedId);
        if (feeds is not null)
        {
            names = new string[feeds.ValueCount];
            var name = new BytesRef();
            for (var ordinal = 0; ordinal < names.Length; ordinal++)
            {
                feeds.LookupOrd(ordinal, name);
                names[ordinal] = name.Utf8ToString();
            }
        }
        // GetOrd is -1 for a document without a feed: slot 0.
        if (names.Length < ushort.MaxValue)
        {
            var slots = new ushort[count];
            if (feeds is not null)
                for (var doc = 0; doc < count; doc++) slots[doc] = (ushort)(feeds.GetOrd(doc) + 1);
            return new SegmentColumns(dates, slots, null, names);
        }
        var wide = new int[count];
        for (var doc = 0; doc < count; doc++) wide[doc] = feeds!.GetOrd(doc) + 1;
        return new SegmentColumns(dates, null, wide, names);
    }
}
