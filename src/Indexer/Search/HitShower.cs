using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>
/// Turns the documents of one result page into hits: fields from the hit record, words marked from the postings'
/// offsets. Falls back per hit to the stored fields (a record without its body, too large for a doc value) and to
/// the classic highlighter (queries with prefixes or wildcards, segments without offsets).
/// </summary>
internal sealed class HitShower
{
    private readonly IndexSearcher _searcher;
    private readonly IList<AtomicReaderContext> _leaves;
    private readonly Query? _query;
    private readonly Analyzer _analyzer;
    private readonly int _snippetLength;
    private readonly OffsetHighlighter? _offsets;
    private readonly BytesRef _scratch = new();
    private SnippetHighlighter? _classic;

    /// <param name="query">What to highlight; null shows each hit's opening (browsing).</param>
    public HitShower(IndexSearcher searcher, Query? query, Analyzer analyzer, int snippetLength)
    {
        _searcher = searcher;
        _leaves = searcher.IndexReader.Leaves;
        _query = query;
        _analyzer = analyzer;
        _snippetLength = snippetLength;
        _offsets = query is null ? null : OffsetHighlighter.For(query, snippetLength);
    }

    public SearchHit Show(int doc, float? score)
    {
        var leaf = _leaves[ReaderUtil.SubIndex(doc, _leaves)];
        var inLeaf = doc - leaf.DocBase;
        var record = HitRecord.Read(leaf.AtomicReader.GetBinaryDocValues(ArticleFields.Hit), inLeaf, _scratch) is { } read
            ? read.Body is null ? read with { Body = _searcher.Doc(doc, BodyOnly).Get(ArticleFields.Body) ?? "" } : read
            : Stored(_searcher.Doc(doc));
        var title = record.Title;
        var body = record.Body!;

        string highlightedTitle, snippet;
        if (_query is null)
            (highlightedTitle, snippet) = (SnippetHighlighter.Escape(title), SnippetHighlighter.Lead(body, _snippetLength));
        else if (_offsets?.Highlight(leaf, inLeaf, title, body) is { } fromOffsets)
            (highlightedTitle, snippet) = fromOffsets;
        else
        {
            _classic ??= new SnippetHighlighter(_query, _analyzer, _snippetLength);
            (highlightedTitle, snippet) = (_classic.HighlightTitle(title), _classic.Snippet(body));
        }
        return SearchHitFactory.Create(record, score, highlightedTitle, snippet);
    }

    private static readonly ISet<string> BodyOnly = new HashSet<string> { ArticleFields.Body };

    /// <summary>A document indexed before hit records existed, read from its stored fields.</summary>
    internal static HitRecord Stored(Lucene.Net.Documents.Document document) => new(
        document.Get(ArticleFields.Id), document.Get(ArticleFields.FeedId), document.Get(ArticleFields.Language),
        document.Get(ArticleFields.Title) ?? "", document.Get(ArticleFields.Url), document.Get(ArticleFields.ImageUrl),
        document.GetField(ArticleFields.Published)?.GetInt64Value(), document.Get(ArticleFields.Body) ?? "");
}
