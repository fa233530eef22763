using Indexer.Articles;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Alerts;

/// <summary>
/// Tests one article at a time against every enabled alert, as Lucene's monitor and Elasticsearch's percolator do.
/// The article is analysed through the same document code and analyzer as the search index, so an alert matches
/// exactly what /search would find, into the set of its terms per field. Each alert is filed under the terms of its
/// most selective required clause (by how many indexed articles hold them), so the article's terms look up the few
/// alerts that could match; for those, the article's terms decide wherever the query is terms, prefixes and boolean
/// logic. Only what they cannot settle (a phrase's word order, a date range, a wildcard inside a word) runs the
/// query itself, on the article as a one-document index in memory (Lucene's MemoryIndex), built for that article
/// only then. Not thread-safe: one matcher owns one.
/// </summary>
public sealed class AlertPercolator
{
    private readonly Analyzer _analyzer;
    private readonly CompiledAlert[] _alerts;
    // Per field, per term: the alerts filed under it (indexes into _alerts).
    private readonly Dictionary<string, Dictionary<BytesRef, List<int>>> _byTerm = new(StringComparer.Ordinal);
    private readonly int[] _always;
    private readonly ArticleTerms _terms = new();
    // The body's words in text order, read with its terms: an alert's snippet needs no second analysis.
    private readonly BodyTokens _body = new();
    private Article? _current;
    private readonly BytesRef _scratch = new();
    // A term's bytes of its own: _scratch points into the term pools that Get reads from, and must never be written.
    private readonly BytesRef _utf8 = new();
    // The article's indexed fields grouped by name, the lists reused from article to article.
    private readonly List<List<IIndexableField>> _fields = [];
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
        ReadTerms(article);
        _current = article;
        // Built for this article only if some alert's terms cannot decide; one searcher for all such queries.
        IndexSearcher? searcher = null;
        var stamp = ++_articles;

        void Try(int i)
        {
            if (_seenIn[i] == stamp) return;
            _seenIn[i] = stamp;
            Candidates++;
            var alert = _alerts[i];
            var decision = alert.Condition.Decide(_terms);
            if (decision == TermDecision.Maybe)
            {
                QueriesRun++;
                searcher ??= Analyse(article);
                var hits = new TotalHitCountCollector();
                searcher.Search(alert.Query, hits);
                decision = hits.TotalHits > 0 ? TermDecision.Yes : TermDecision.No;
            }
            if (decision == TermDecision.Yes) matched.Add(alert);
        }

        foreach (var i in _always) Try(i);
        foreach (var (field, filed) in _byTerm)
        {
            if (_terms.Field(field) is not { } terms) continue;
            for (var id = 0; id < terms.Count; id++)
            {
                if (filed.TryGetValue(terms.Get(id, _scratch), out var alerts))
                    foreach (var i in alerts) Try(i);
            }
        }
        return matched;
    }

    /// <summary>
    /// The alert's snippet of the article just matched (HTML, its words in &lt;mark&gt;): the passage /search shows for
    /// the same query, found from where the body's words were when <see cref="Match"/> read them.
    /// </summary>
    public string Snippet(CompiledAlert alert, Article article)
    {
        if (!ReferenceEquals(article, _current))
            throw new InvalidOperationException("A snippet is of the article matched last.");
        return alert.Snippet(article.Body, _body.Occurrences);
    }

    /// <summary>
    /// The article's indexed fields as the search index gets them: the same document code, the same analyzer, field by
    /// field in name order as Lucene's own indexing goes (a field's stream may replay another's analysis). A field
    /// the document repeats (a language "gu-in" is also "gu") is one group of its values. Only what the index
    /// inverts: the stored values and the hit record a search reads back are never built.
    /// </summary>
    private List<List<IIndexableField>> Fields(Article article)
    {
        foreach (var group in _fields) group.Clear();
        var used = 0;
        foreach (var field in ArticleDocument.CreateIndexedOnly(article).Fields)
        {
            if (!field.IndexableFieldType.IsIndexed) continue;
            var at = 0;
            while (at < used && !string.Equals(_fields[at][0].Name, field.Name, StringComparison.Ordinal)) at++;
            if (at == used && ++used > _fields.Count) _fields.Add([]);
            _fields[at].Add(field);
        }
        _fields.RemoveRange(used, _fields.Count - used);
        _fields.Sort((a, b) => string.CompareOrdinal(a[0].Name, b[0].Name));
        return _fields;
    }

    /// <summary>
    /// Only the set of terms of each field: what the alerts' keys and term conditions ask, without the positions,
    /// offsets and sorting a MemoryIndex keeps for queries. A field indexed as one term (an id, a feed, a language)
    /// is that term, as Lucene's own inverter takes it, without a token stream.
    /// </summary>
    private void ReadTerms(Article article)
    {
        _terms.Clear();
        _body.Clear();
        foreach (var group in Fields(article))
        {
            var name = group[0].Name;
            var terms = _terms.Add(name);
            if (group.TrueForAll(f => !f.IndexableFieldType.IsTokenized && f.GetStringValue() is not null))
            {
                foreach (var field in group)
                {
                    _utf8.CopyChars(field.GetStringValue());
                    terms.Add(_utf8);
                }
                continue;
            }
            using var tokens = TokenStream(group);
            var term = tokens.AddAttribute<ITermToBytesRefAttribute>();
            var body = name == ArticleFields.Body ? _body.Follow(tokens, terms) : null;
            tokens.Reset();
            while (tokens.IncrementToken())
            {
                term.FillBytesRef();
                var id = terms.Add(term.BytesRef);
                body?.Add(id < 0 ? -id - 1 : id);
            }
            tokens.End();
        }
    }

    /// <summary>The article as a one-document index (the MemoryIndex, reset and reused), for the queries terms cannot decide.</summary>
    private IndexSearcher Analyse(Article article)
    {
        _memory.Reset();
        foreach (var group in Fields(article)) _memory.AddField(group[0].Name, TokenStream(group));
        return _memory.CreateSearcher();
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

    /// <summary>The terms of one article, per field, in hash sets reused from article to article.</summary>
    private sealed class ArticleTerms : IArticleTerms
    {
        private readonly Dictionary<string, FieldTerms> _fields = new(StringComparer.Ordinal);
        private readonly HashSet<string> _present = new(StringComparer.Ordinal);
        private readonly BytesRef _scratch = new();

        public void Clear() => _present.Clear();

        public BytesRefHash Add(string field)
        {
            if (_fields.TryGetValue(field, out var terms)) terms.Clear();
            else _fields[field] = terms = new FieldTerms();
            _present.Add(field);
            return terms.Terms;
        }

        public BytesRefHash? Field(string field) => _present.Contains(field) ? _fields[field].Terms : null;

        public bool Has(Term term) => Field(term.Field) is { } terms && terms.Find(term.Bytes) >= 0;

        public bool HasPrefix(Term prefix)
        {
            if (Field(prefix.Field) is not { } terms) return false;
            for (var id = 0; id < terms.Count; id++)
            {
                if (StringHelper.StartsWith(terms.Get(id, _scratch), prefix.Bytes)) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// The body's tokens in text order: term id, position and offsets, counted as Lucene's indexing counts them, so
    /// that phrases and offsets agree with the index's postings that /search highlights from.
    /// </summary>
    private sealed class BodyTokens
    {
        private int[] _ids = new int[1024];
        private (int Position, int Start, int End)[] _places = new (int, int, int)[1024];
        private int _count;
        private BytesRefHash? _terms;
        private IPositionIncrementAttribute? _increment;
        private IOffsetAttribute? _offset;
        private int _next;

        public void Clear() => (_count, _terms, _next) = (0, null, 0);

        /// <summary>Reads the tokens of the body's stream, whose terms go into <paramref name="terms"/>, through <see cref="Add"/>.</summary>
        public BodyTokens Follow(TokenStream tokens, BytesRefHash terms)
        {
            _terms = terms;
            _increment = tokens.AddAttribute<IPositionIncrementAttribute>();
            _offset = tokens.AddAttribute<IOffsetAttribute>();
            return this;
        }

        /// <summary>The token the stream just gave, whose term is <paramref name="id"/>.</summary>
        public void Add(int id)
        {
            // As Lucene's inverter: the first token sits at 0 whatever its increment, the rest at the sum of theirs.
            var position = _next + _increment!.PositionIncrement;
            if (position > 0) position--;
            _next = position + 1;
            if (_count == _ids.Length)
            {
                Array.Resize(ref _ids, _count * 2);
                Array.Resize(ref _places, _count * 2);
            }
            _ids[_count] = id;
            _places[_count++] = (position, _offset!.StartOffset, _offset.EndOffset);
        }

        public List<(int Position, int Start, int End)> Occurrences(BytesRef term)
        {
            var found = new List<(int, int, int)>();
            if (_terms?.Find(term) is not (>= 0 and var id)) return found;
            for (var i = 0; i < _count; i++)
            {
                if (_ids[i] == id) found.Add(_places[i]);
            }
            return found;
        }
    }

    /// <summary>
    /// One field's terms, their bytes in a pool that keeps its first block: an article's field fits in it, so the
    /// next article writes over the same memory instead of allocating more.
    /// </summary>
    private sealed class FieldTerms
    {
        private readonly ByteBlockPool _pool = new(new ByteBlockPool.DirectAllocator());

        public FieldTerms() => Terms = new BytesRefHash(_pool);

        public BytesRefHash Terms { get; }

        public void Clear()
        {
            Terms.Clear(resetPool: false);
            _pool.Reset(zeroFillBuffers: false, reuseFirst: true);
            Terms.Reinit();
        }
    }
}
