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
/// <remarks>12 bytes a document (12 MB at a million articles). Keyed by the segment's core, so a segment that
/// only gains deletions keeps its arrays, and merged-away segments are dropped with their readers.</remarks>
internal sealed class SegmentColumns
{
    private static readonly ConditionalWeakTable<object, SegmentColumns> Cache = new();

    private SegmentColumns(long[] dates, int[] feedOrdinals, string[] feedNames)
    {
        Dates = dates;
        FeedOrdinals = feedOrdinals;
        FeedNames = feedNames;
    }

    /// <summary>Newest-first sort key per document (published, else first seen).</summary>
    public long[] Dates { get; }

    /// <summary>Index into <see cref="FeedNames"/> per document; -1 for none.</summary>
    public int[] FeedOrdinals { get; }

    public string[] FeedNames { get; }

    public static SegmentColumns For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => Load(reader));

    private static SegmentColumns Load(AtomicReader reader)
    {
        var count = reader.MaxDoc;
        var dates = new long[count];
        if (reader.GetNumericDocValues(ArticleFields.SortDate) is { } sortDates)
            for (var doc = 0; doc < count; doc++) dates[doc] = sortDates.Get(doc);

        var ordinals = new int[count];
        var names = Array.Empty<string>();
        if (reader.GetSortedDocValues(ArticleFields.FeedId) is { } feeds)
        {
            for (var doc = 0; doc < count; doc++) ordinals[doc] = feeds.GetOrd(doc);
            names = new string[feeds.ValueCount];
            var name = new BytesRef();
            for (var ordinal = 0; ordinal < names.Length; ordinal++)
            {
                feeds.LookupOrd(ordinal, name);
                names[ordinal] = name.Utf8ToString();
            }
        }
        else
            Array.Fill(ordinals, -1);
        return new SegmentColumns(dates, ordinals, names);
    }
}
