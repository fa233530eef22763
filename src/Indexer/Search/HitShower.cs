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
    private readonly HitRecords _records;
    private readonly Query? _query;
    private readonly Analyzer _analyzer;
    private readonly int _snippetLength;
    private readonly OffsetHighlighter? _offsets;
    private SnippetHighlighter? _classic;

    /// <param name="query">What to highlight; null shows each hit's opening (browsing).</param>
    public HitShower(HitRecords records, Query? query, Analyzer analyzer, int snippetLength)
    {
        _records = records;
        _query = query;
        _analyzer = analyzer;
        _snippetLength = snippetLength;
        _offsets = query is null ? null : OffsetHighlighter.For(query, snippetLength);
    }

    public SearchHit Show(int doc, float? score)
    {
        var (record, leaf) = _records.Read(doc);
        var inLeaf = doc - leaf.DocBase;
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
}
