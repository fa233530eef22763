using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>
/// Reads what a hit shows from one searcher: the hit record's doc value, with the body from the stored fields when
/// the record could not hold it, and the stored fields alone for a document indexed before records existed.
/// </summary>
/// <remarks>
/// One per search and not thread-safe: it keeps the records it has read, as the Latin reading and the page of hits
/// mostly want the same first documents.
/// </remarks>
internal sealed class HitRecords(IndexSearcher searcher)
{
    private static readonly ISet<string> BodyOnly = new HashSet<string> { ArticleFields.Body };

    private readonly IList<AtomicReaderContext> _leaves = searcher.IndexReader.Leaves;
    private readonly BytesRef _scratch = new();
    private readonly Dictionary<int, HitRecord> _read = [];

    /// <summary>The segment <paramref name="doc"/> (a top-level doc id) is in.</summary>
    public AtomicReaderContext Leaf(int doc) => _leaves[ReaderUtil.SubIndex(doc, _leaves)];

    /// <summary>The record of <paramref name="doc"/> (a top-level doc id) with its body, and the leaf it is in.</summary>
    public (HitRecord Record, AtomicReaderContext Leaf) Read(int doc)
    {
        var leaf = Leaf(doc);
        if (_read.TryGetValue(doc, out var known)) return (known, leaf);
        var record = HitRecord.Read(leaf.AtomicReader.GetBinaryDocValues(ArticleFields.Hit), doc - leaf.DocBase, _scratch) is { } read
            ? read.Body is null ? read with { Body = searcher.Doc(doc, BodyOnly).Get(ArticleFields.Body) ?? "" } : read
            : Stored(searcher.Doc(doc));
        _read[doc] = record;
        return (record, leaf);
    }

    /// <summary>A document indexed before hit records existed, read from its stored fields.</summary>
    private static HitRecord Stored(Lucene.Net.Documents.Document document) => new(
        document.Get(ArticleFields.Id), document.Get(ArticleFields.FeedId), document.Get(ArticleFields.Language),
        document.Get(ArticleFields.Title) ?? "", document.Get(ArticleFields.Url), document.Get(ArticleFields.ImageUrl),
        document.GetField(ArticleFields.Published)?.GetInt64Value(), document.Get(ArticleFields.Body) ?? "");
}
