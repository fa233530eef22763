using Indexer.Configuration;
using Indexer.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace Indexer.Alerts;

/// <summary>
/// An alert made ready to test articles against: its query parsed once per config version by the search's own
/// parser, its filters by the search's own filter code, and the words an article must contain for it to possibly
/// match, so that most alerts are never tried against most articles.
/// </summary>
public sealed class CompiledAlert
{
    private CompiledAlert(AlertDefinition definition, Query textQuery, Query query, IReadOnlyCollection<string>? requiredTerms)
    {
        Definition = definition;
        TextQuery = textQuery;
        Query = query;
        RequiredTerms = requiredTerms;
    }

    public AlertDefinition Definition { get; }

    /// <summary>The words of the query, for highlighting the snippet.</summary>
    public Query TextQuery { get; }

    /// <summary>The query with the alert's filters: what an article must match.</summary>
    public Query Query { get; }

    /// <summary>An article matches only if it holds at least one of these terms (<see cref="TermKey"/>); null when no such set is known.</summary>
    public IReadOnlyCollection<string>? RequiredTerms { get; }

    /// <summary>
    /// Every word must match (AND): an alert has no "fall back to any word" as /search has, which would send
    /// every article that mentions one common word.
    /// </summary>
    public static CompiledAlert Compile(AlertDefinition alert, Analyzer analyzer, SearchOptions options)
    {
        if (alert.Query.Length > options.MaxQueryLength)
            throw new SearchQueryException($"q: longer than {options.MaxQueryLength} characters", "q");
        var text = alert.Query.Length == 0
            ? new MatchAllDocsQuery()
            : ArticleQueryParser.ParseChecked(alert.Query, analyzer, Operator.AND, options.MaxClauses, options.Transliteration).Query;
        var request = new SearchRequest { Query = alert.Query, Feeds = alert.Feeds, From = alert.From, To = alert.To, Language = alert.Language };
        var filter = SearchFilters.Create(request);
        var query = filter is null ? text : new FilteredQuery(text, filter);
        var required = Required(text) ?? (alert.Feeds.Count > 0 ? alert.Feeds.Select(f => TermKey(Indexing.ArticleFields.FeedId, f)).ToList() : null);
        return new CompiledAlert(alert, text, query, required);
    }

    /// <summary>What is wrong with the alert's query, in the words /search would use (without its "q: "), or null.</summary>
    public static string? Problem(AlertDefinition alert, Analyzer analyzer, SearchOptions options)
    {
        try
        {
            Compile(alert, analyzer, options);
            return null;
        }
        catch (SearchQueryException e)
        {
            return e.Message.StartsWith("q: ", StringComparison.Ordinal) ? e.Message[3..] : e.Message;
        }
    }

    public static string TermKey(string field, string text) => field + "\u0000" + text;

    /// <summary>
    /// A set of terms of which a matching article holds at least one, or null when the query gives none (wildcards,
    /// match-all). Required clauses each give such a set and the most telling one is kept (its shortest word the
    /// longest, then the fewest words); optional clauses only together.
    /// </summary>
    private static IReadOnlyCollection<string>? Required(Query query)
    {
        switch (query)
        {
            case TermQuery term:
                return [TermKey(term.Term.Field, term.Term.Text)];
            case PhraseQuery phrase:
                var terms = phrase.GetTerms();
                return terms.Length == 0 ? null : [terms.OrderByDescending(t => t.Text.Length).Select(t => TermKey(t.Field, t.Text)).First()];
            case BooleanQuery boolean:
                var must = boolean.Clauses.Where(c => c.Occur == Occur.MUST).Select(c => Required(c.Query)).Where(r => r is not null).ToList();
                if (must.Count > 0)
                    return must.OrderByDescending(r => r!.Min(k => k.Length)).ThenBy(r => r!.Count).First();
                if (boolean.Clauses.Any(c => c.Occur == Occur.MUST)) return null;
                var should = boolean.Clauses.Where(c => c.Occur == Occur.SHOULD).Select(c => Required(c.Query)).ToList();
                return should.Count == 0 || should.Any(r => r is null) ? null : should.SelectMany(r => r!).Distinct().ToList();
            default:
                return null;
        }
    }
}
