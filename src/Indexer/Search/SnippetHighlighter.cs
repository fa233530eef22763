using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Indexer.Search;

/// <summary>
/// Marks matched words with &lt;mark&gt; and HTML-escapes everything else, so a client can insert the result
/// as HTML without opening itself to markup from feeds.
/// </summary>
public sealed class SnippetHighlighter
{
    private readonly Analyzer _analyzer;
    private readonly Highlighter _body;
    private readonly Highlighter _title;

    public SnippetHighlighter(Query query, Analyzer analyzer, int snippetLength)
    {
        _analyzer = analyzer;
        var formatter = new SimpleHTMLFormatter("<mark>", "</mark>");
        var encoder = new MinimalHtmlEncoder();
        var bodyScorer = new QueryScorer(query, ArticleFields.Body);
        _body = new Highlighter(formatter, encoder, bodyScorer) { TextFragmenter = new SimpleSpanFragmenter(bodyScorer, snippetLength) };
        _title = new Highlighter(formatter, encoder, new QueryScorer(query, ArticleFields.Title)) { TextFragmenter = new NullFragmenter() };
        SnippetLength = snippetLength;
    }

    public int SnippetLength { get; }

    /// <summary>The best passage of the body; its opening when the match was only in the title.</summary>
    public string Snippet(string body) =>
        Best(_body, ArticleFields.Body, body) ?? Lead(body, SnippetLength);

    public string HighlightTitle(string title) => Best(_title, ArticleFields.Title, title) ?? Escape(title);

    public static string Escape(string text) => MinimalHtmlEncoder.Escape(text);

    /// <summary>The opening of the text, cut at a word boundary.</summary>
    public static string Lead(string text, int length)
    {
        if (text.Length <= length) return Escape(text);
        var cut = text.LastIndexOf(' ', length);
        return Escape(text[..(cut > length / 2 ? cut : length)]) + "…";
    }

    private string? Best(Highlighter highlighter, string field, string text)
    {
        if (text.Length == 0) return null;
        try
        {
            var fragment = highlighter.GetBestFragment(_analyzer, field, text);
            return string.IsNullOrEmpty(fragment) ? null : fragment.Trim();
        }
        catch (InvalidTokenOffsetsException)
        {
            return null;
        }
    }
}

/// <summary>
/// Escapes only what HTML needs escaped. Lucene's SimpleHTMLEncoder turns every non-ASCII character into a
/// numeric entity, which would make Gujarati snippets unreadable to JSON clients.
/// </summary>
public sealed class MinimalHtmlEncoder : IEncoder
{
    public string EncodeText(string originalText) => Escape(originalText);

    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }
}
