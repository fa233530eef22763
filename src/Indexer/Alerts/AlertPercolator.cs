using Indexer.Articles;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Alerts;

/// <summary>
/// Tests one article at a time against every enabled alert, as Lucene's monitor and Elasticsearch's percolator do.
/// The article is analysed once, into a one-document index in memory (Lucene's MemoryIndex, reset and reused),
/// through the same document code and analyzer as the search index, so an alert matches exactly what /search would
/// find. Each alert is filed under the terms of its most selective required clause (by how many indexed articles
/// hold them), so the article's terms look up the few alerts that could match; for those, the article's terms
/// decide wherever the query is terms and boolean logic, and the query itself runs only for what they cannot
/// settle (a phrase's word order, a date range, a wildcard). Not thread-safe: one matcher owns one.
/// </summary>
public sealed class AlertPercolator
{
    private readonly Analyzer _analyzer;
    private readonly CompiledAlert[] _alerts;
    // Per field, per term: the alerts filed under it (indexes into _alerts).
    private readonly Dictionary<string, Dictionary<BytesRef, List<int>>> _byTerm = new(StringComparer.Ordinal);
    private readonly int[] _always;
    private readonly MemoryIndex _memory = new();
    // Which article last made an alert a candidate: no set to clear per article.
    private readonly int[] _seenIn;
    private int _articles;

    /// <param name="documentFrequency">
    /// How many articles hold a term (the live index's count); each alert is filed under the required clause whose
    /// terms the fewest hold. Without it, under the clause whose shortest word is longest.
    /// </param>
    public AlertPercolator(IEnumerable<CompiledAlert> alerts, Analyzer analyzer, Func<Term, long>? documentFrequency = null)
    {
        _analyzer = analyzer;
        _alerts = alerts.ToArray();
        _seenIn = new int[_alerts.Length];
        var frequency = Cached(documentFrequency ?? (_ => 0));
        var always = new List<int>();
        for (var i = 0; i < _alerts.Length; i++)
        {
            if (_alerts[i].Condition.Keys(frequency) is not { } keys)
            {
                always.Add(i);
                continue;
            }
            foreach (var term in keys.Terms)
            {
                if (!_byTerm.TryGetValue(term.Field, out var field)) _byTerm[term.Field] = field = [];
                if (!field.TryGetValue(term.Bytes, out var list)) field[term.Bytes] = list = [];
                list.Add(i);
            }
        }
        _always = [.. always];
    }

    public int Count => _alerts.Length;

    /// <summary>Alerts looked at, all articles together: those the article's terms found, and those without keys.</summary>
    public long Candidates { get; private set; }

    /// <summary>Alert queries run on an article because its terms could not decide.</summary>
    public long QueriesRun { get; private set; }

    /// <summary>The alerts the article matches, in no particular order.</summary>
    public List<CompiledAlert> Match(Article article)
    {
        var matched = new List<CompiledAlert>();
        if (_alerts.Length == 0) return matched;
        Analyse(article);
        // One searcher for all of this article's queries; MemoryIndex.Search would make one per query.
        var searcher = _memory.CreateSearcher();
        var reader = (AtomicReader)searcher.IndexReader;
        var terms = new MemoryTerms(reader);
        var stamp = ++_articles;

        void Try(int i)
        {
            if (_seenIn[i] == stamp) return;
            _seenIn[i] = stamp;
            Candidates++;
            var alert = _alerts[i];
            var decision = alert.Condition.Decide(terms);
            if (decision == TermDecision.Maybe)
            {
                QueriesRun++;
                var hits = new TotalHitCountCollector();
                searcher.Search(alert.Query, hits);
                decision = hits.TotalHits > 0 ? TermDecision.Yes : TermDecision.No;
            }
            if (decision == TermDecision.Yes) matched.Add(alert);
        }

        foreach (var i in _always) Try(i);
        foreach (var (field, filed) in _byTerm)
        {
            var fieldTerms = reader.GetTerms(field)?.GetEnumerator();
            if (fieldTerms is null) continue;
            while (fieldTerms.MoveNext())
            {
                if (!filed.TryGetValue(fieldTerms.Term, out var alerts)) continue;
                foreach (var i in alerts) Try(i);
            }
        }
        return matched;
    }

    /// <summary>
    /// The article's document into the MemoryIndex, field by field in name order as Lucene's own indexing goes (a
    /// field's stream may replay another's analysis). A MemoryIndex takes each field once; the document repeats a
    /// name for a second value (a language "gu-in" is also "gu"), so a field's values become one stream.
    /// </summary>
    private void Analyse(Article article)
    {
        _memory.Reset();
        foreach (var group in ArticleDocument.Create(article).Fields.Where(f => f.IndexableFieldType.IsIndexed)
                     .GroupBy(f => f.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            _memory.AddField(group.Key, TokenStream(group.ToList()));
    }

    private TokenStream TokenStream(List<IIndexableField> fields)
    {
        if (fields.Count == 1) return fields[0].GetTokenStream(_analyzer);
        if (fields.All(f => !f.IndexableFieldType.IsTokenized && f.GetStringValue() is not null))
            return _memory.KeywordTokenStream(fields.Select(f => f.GetStringValue()).ToList());
        return _analyzer.GetTokenStream(fields[0].Name, string.Join("\n", fields.Select(f => f.GetStringValue())));
    }

    private static Func<Term, long> Cached(Func<Term, long> frequency)
    {
        var known = new Dictionary<Term, long>();
        return term => known.TryGetValue(term, out var n) ? n : known[term] = frequency(term);
    }

    /// <summary>The article's terms, read from its MemoryIndex: one seek per term asked.</summary>
    private sealed class MemoryTerms(AtomicReader reader) : IArticleTerms
    {
        private readonly Dictionary<string, TermsEnum?> _fields = new(StringComparer.Ordinal);

        public bool Has(Term term)
        {
            if (!_fields.TryGetValue(term.Field, out var terms))
                _fields[term.Field] = terms = reader.GetTerms(term.Field)?.GetEnumerator();
            return terms is not null && terms.SeekExact(term.Bytes);
        }
    }
}
