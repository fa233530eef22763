using Indexer.Configuration;
using Indexer.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Alerts;

/// <summary>
/// An alert made ready to test articles against: its query parsed once per config version by the search's own
/// parser, its filters by the search's own filter code, and what the query asks of an article's terms, so that
/// most alerts are never tried against most articles and most of the rest are decided without running the query.
/// </summary>
public sealed class CompiledAlert
{
    /// <summary>The alerts.json field that holds the query, as its messages name it.</summary>
    private const string Field = "query";

    private readonly Analyzer _analyzer;
    private readonly int _snippetLength;
    // The snippet as /search makes it: from where the words are (most queries), else by the classic highlighter.
    private readonly OffsetHighlighter? _offsets;
    private SnippetHighlighter? _classic;

    private CompiledAlert(AlertDefinition definition, Query textQuery, Query query, Analyzer analyzer, int snippetLength)
    {
        Definition = definition;
        TextQuery = textQuery;
        Query = query;
        Condition = TermCondition.Of(query);
        _analyzer = analyzer;
        _snippetLength = snippetLength;
        _offsets = OffsetHighlighter.For(textQuery, snippetLength);
    }

    public AlertDefinition Definition { get; }

    /// <summary>The words of the query, for highlighting the snippet.</summary>
    public Query TextQuery { get; }

    /// <summary>The query with the alert's filters: what an article must match.</summary>
    public Query Query { get; }

    /// <summary>What <see cref="Query"/> asks of an article's terms.</summary>
    public TermCondition Condition { get; }

    /// <summary>
    /// Every word must match (AND): an alert has no "fall back to any word" as /search has, which would send
    /// every article that mentions one common word.
    /// </summary>
    /// <param name="feeds">The configured feeds' ids, whose spelling new articles carry: an alert names a feed ignoring case, as /search does.</param>
    public static CompiledAlert Compile(AlertDefinition alert, Analyzer analyzer, SearchOptions options, FeedIdSpelling? feeds = null)
    {
        if (alert.Query.Length > options.MaxQueryLength)
            throw new SearchQueryException($"{Field}: longer than {options.MaxQueryLength} characters", Field);
        var text = alert.Query.Length == 0
            ? new MatchAllDocsQuery()
            : ArticleQueryParser.ParseChecked(alert.Query, analyzer, Operator.AND, options.MaxClauses, options.Transliteration,
                feedId: feeds is null ? null : feeds.Spell, parameter: Field).Query;
        var request = new SearchRequest { Query = alert.Query, Feeds = alert.Feeds, From = alert.From, To = alert.To, Language = alert.Language };
        if (feeds is not null) request = feeds.Respell(request);
        var filter = SearchFilters.Create(request);
        var query = filter is null ? text : new FilteredQuery(text, filter);
        return new CompiledAlert(alert, text, query, analyzer, options.SnippetLength);
    }

    /// <summary>
    /// The passage of a matched article's body that /search would show for this query (HTML, words in &lt;mark&gt;).
    /// Not thread-safe: the matcher's one thread asks.
    /// </summary>
    /// <param name="occurrences">Where the body holds a term, from the analysis the match already made.</param>
    public string Snippet(string body, Func<BytesRef, List<(int Position, int Start, int End)>> occurrences) =>
        _offsets?.Snippet(body, occurrences) ?? (_classic ??= new SnippetHighlighter(TextQuery, _analyzer, _snippetLength)).Snippet(body);

    /// <summary>What is wrong with the alert's query, in the words /search would use (without its "query: "), or null.</summary>
    public static string? Problem(AlertDefinition alert, Analyzer analyzer, SearchOptions options)
    {
        try
        {
            Compile(alert, analyzer, options);
            return null;
        }
        catch (SearchQueryException e)
        {
            return e.Message.StartsWith(Field + ": ", StringComparison.Ordinal) ? e.Message[(Field.Length + 2)..] : e.Message;
        }
    }
}
