using Indexer.Articles;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search;

namespace Indexer.Alerts;

/// <summary>
/// Tests one article at a time against every enabled alert, as the classic percolator does: the article becomes a
/// one-document index in memory (Lucene's MemoryIndex), built through the same document code and analyzer as the
/// search index, so an alert matches exactly what /search would find. Alerts are looked up by the terms the article
/// holds, and only those that could match are run. Not thread-safe: one matcher owns one.
/// </summary>
public sealed class AlertPercolator
{
    private readonly Analyzer _analyzer;
    private readonly Dictionary<string, List<CompiledAlert>> _byTerm = new(StringComparer.Ordinal);
    private readonly List<CompiledAlert> _always = [];
    private readonly HashSet<string> _termFields = new(StringComparer.Ordinal);
    private readonly MemoryIndex _memory = new();

    public AlertPercolator(IEnumerable<CompiledAlert> alerts, Analyzer analyzer)
    {
        _analyzer = analyzer;
        foreach (var alert in alerts)
        {
            Count++;
            if (alert.RequiredTerms is null)
            {
                _always.Add(alert);
                continue;
            }
            foreach (var key in alert.RequiredTerms)
            {
                if (!_byTerm.TryGetValue(key, out var list)) _byTerm[key] = list = [];
                list.Add(alert);
                _termFields.Add(key[..key.IndexOf('\u0000')]);
            }
        }
    }

    public int Count { get; }

    /// <summary>The alerts the article matches, in no particular order.</summary>
    public List<CompiledAlert> Match(Article article)
    {
        var matched = new List<CompiledAlert>();
        if (Count == 0) return matched;
        _memory.Reset();
        foreach (var group in ArticleDocument.Create(article).Fields.Where(f => f.IndexableFieldType.IsIndexed).GroupBy(f => f.Name))
            _memory.AddField(group.Key, TokenStream(group.ToList()));

        var candidates = new HashSet<CompiledAlert>(_always, ReferenceEqualityComparer.Instance);
        // One searcher for all of this article's candidates; MemoryIndex.Search would make one per query.
        var searcher = _memory.CreateSearcher();
        if (_byTerm.Count > 0)
        {
            var reader = (AtomicReader)searcher.IndexReader;
            foreach (var field in _termFields)
            {
                var terms = reader.GetTerms(field)?.GetEnumerator();
                if (terms is null) continue;
                while (terms.MoveNext())
                {
                    if (_byTerm.TryGetValue(CompiledAlert.TermKey(field, terms.Term.Utf8ToString()), out var alerts))
                        candidates.UnionWith(alerts);
                }
            }
        }
        foreach (var alert in candidates)
        {
            var hits = new TotalHitCountCollector();
            searcher.Search(alert.Query, hits);
            if (hits.TotalHits > 0) matched.Add(alert);
        }
        return matched;
    }

    /// <summary>
    /// A MemoryIndex takes each field once; the document repeats a name for a second value (a language "gu-in" is also
    /// "gu"), so a field's values become one stream: untokenized ones as keywords, text joined and analyzed.
    /// </summary>
    private TokenStream TokenStream(List<IIndexableField> fields)
    {
        if (fields.Count == 1) return fields[0].GetTokenStream(_analyzer);
        if (fields.All(f => !f.IndexableFieldType.IsTokenized && f.GetStringValue() is not null))
            return _memory.KeywordTokenStream(fields.Select(f => f.GetStringValue()).ToList());
        return _analyzer.GetTokenStream(fields[0].Name, string.Join("\n", fields.Select(f => f.GetStringValue())));
    }
}
