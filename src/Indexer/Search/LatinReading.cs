using Indexer.Analysis.Gujarati;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Indexer.Search;

/// <summary>
/// What the Latin words of a query were read as: for each, the Gujarati words its keys matched in the top
/// results, closest spelling first. The page shows them ("showing results for રશિયા"), and the highlighter marks
/// them as ordinary title and body terms, so marking a transliterated match needs nothing of any highlighter
/// but the terms of a query.
/// </summary>
public sealed class LatinReading
{
    /// <summary>Forms shown per Latin word.</summary>
    public const int MaxForms = 3;

    /// <summary>How many first results the Latin words are read in.</summary>
    public const int Documents = 5;

    /// <summary>
    /// How much of a body is read first: a news story names its subject early, and reading whole long bodies
    /// would make a Latin query cost more than it may (at most twice a Gujarati one). The rest is read only for
    /// a word not found in it.
    /// </summary>
    public const int BodyPrefix = 2000;

    private readonly IReadOnlyList<Query> _terms;

    private LatinReading(IReadOnlyDictionary<string, IReadOnlyList<string>> readAs, IReadOnlyList<Query> terms)
    {
        ReadAs = readAs;
        _terms = terms;
    }

    public static LatinReading None { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), []);

    /// <summary>Per Latin word (lowercased), the Gujarati forms it was read as; empty when no word was.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReadAs { get; }

    /// <summary>
    /// Reads <paramref name="words"/> in the stored title and body of the first <see cref="Documents"/> of
    /// <paramref name="documents"/>: every word of them with the Latin word's key is a candidate, grouped by its
    /// stem. The forms found are marked in every hit, whichever of them it uses.
    /// </summary>
    /// <param name="words">The query's Latin words with their keys.</param>
    /// <param name="analyzer">The index's analyzer: its title and body analysis gives each form's stem.</param>
    public static LatinReading Read(IndexSearcher searcher, IEnumerable<int> documents, IReadOnlyList<PhoneticWord> words, Analyzer analyzer)
    {
        if (words.Count == 0) return None;
        var readings = words.DistinctBy(w => w.Text.ToLowerInvariant()).Select(w => new WordReading(w)).ToList();
        var read = documents.Distinct().Take(Documents).Select(doc => (Doc: doc, Stored: searcher.Doc(doc))).ToList();
        foreach (var (doc, stored) in read)
        {
            foreach (var text in new[] { stored.Get(ArticleFields.Title), Prefix(stored.Get(ArticleFields.Body)) })
            {
                if (!string.IsNullOrEmpty(text)) Collect(text, doc, readings);
            }
        }
        // A word the results have only further down their bodies (a long story that names Russia late).
        var unread = readings.Where(r => r.Unread).ToList();
        for (var i = 0; i < read.Count && unread.Count > 0; i++)
        {
            var body = read[i].Stored.Get(ArticleFields.Body);
            if (body is { Length: > BodyPrefix }) Collect(body[Prefix(body)!.Length..], read[i].Doc, unread);
        }

        var readAs = new Dictionary<string, IReadOnlyList<string>>();
        var terms = new List<Query>();
        foreach (var reading in readings)
        {
            // The best result has the word as it was typed (ebay: eBay): that is what the reader meant, not the
            // Gujarati words further down that happen to share its key (એનબીએ).
            if (read.Count > 0 && reading.AsWritten.Contains(read[0].Doc)) continue;
            var forms = reading.Forms(analyzer);
            if (forms.Count == 0) continue;
            readAs[reading.Word] = forms.Take(MaxForms).Select(f => f.Shown).ToList();
            foreach (var form in forms)
            {
                terms.Add(new TermQuery(new Term(ArticleFields.Title, form.Stem)));
                terms.Add(new TermQuery(new Term(ArticleFields.Body, form.Stem)));
            }
        }
        return new LatinReading(readAs, terms);
    }

    private static string? Prefix(string? body)
    {
        if (body is null || body.Length <= BodyPrefix) return body;
        var cut = body.LastIndexOf(' ', BodyPrefix);
        return body[..(cut > 0 ? cut : BodyPrefix)];
    }

    /// <summary><paramref name="query"/> plus the forms the Latin words were read as, for a highlighter to mark.</summary>
    public Query Highlight(Query query)
    {
        if (_terms.Count == 0) return query;
        var marked = new BooleanQuery(disableCoord: true) { { query, Occur.SHOULD } };
        foreach (var term in _terms) marked.Add(term, Occur.SHOULD);
        return marked;
    }

    // One pass of the key analysis over a stored text: a word's keys share its position and offsets.
    private static void Collect(string text, int doc, List<WordReading> readings)
    {
        using var stream = ArticleFields.PhoneticAnalyzer.GetTokenStream(ArticleFields.Transliteration, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var keys = new List<string>(2);
        int start = -1, end = -1;
        while (stream.IncrementToken())
        {
            if (position.PositionIncrement > 0 && keys.Count > 0)
            {
                Match(text, start, end, keys, doc, readings);
                keys.Clear();
            }
            keys.Add(term.ToString());
            (start, end) = (offset.StartOffset, offset.EndOffset);
        }
        stream.End();
        if (keys.Count > 0) Match(text, start, end, keys, doc, readings);
    }

    private static void Match(string text, int start, int end, List<string> keys, int doc, List<WordReading> readings)
    {
        foreach (var reading in readings)
        {
            if (keys[0] != reading.Skeleton) continue;
            var surface = text[start..end];
            // A Latin word found as itself (eBay, or eBayએ) is an exact match, not a reading across scripts.
            if (!GujaratiPhoneticKey.IsGujarati(surface))
            {
                reading.AsWritten.Add(doc);
                continue;
            }
            reading.Add(surface, closest: reading.CloseKey is null || keys.Contains(reading.CloseKey), doc);
        }
    }

    private sealed class WordReading(PhoneticWord word)
    {
        private readonly Dictionary<string, (int Count, bool Closest, HashSet<int> Documents)> _surfaces = [];

        public string Word { get; } = word.Text.ToLowerInvariant();
        public string Skeleton { get; } = word.Keys[0];
        // The key of the spellings closest to the Latin word, when its key matches others too (rs: rashiya's
        // રશિયા, and રસ).
        public string? CloseKey { get; } = word.RankKey ?? (word.Keys.Count > 1 ? word.Keys[1] : null);

        /// <summary>The documents that have the Latin word as it was typed.</summary>
        public HashSet<int> AsWritten { get; } = [];

        public bool Unread => _surfaces.Count == 0 && AsWritten.Count == 0;

        public void Add(string surface, bool closest, int doc)
        {
            var (count, wasClosest, documents) = _surfaces.TryGetValue(surface, out var seen) ? seen : (0, false, []);
            documents.Add(doc);
            _surfaces[surface] = (count + 1, wasClosest || closest, documents);
        }

        /// <summary>
        /// The candidate words grouped by stem, best first: those whose vowels agree with the Latin word (when
        /// any do: the skeleton alone is too loose to stand for it), then by how many results have them. A group
        /// is shown as its shortest form, which is usually the uninflected one (રશિયા, not રશિયાના).
        /// </summary>
        public List<(string Shown, string Stem)> Forms(Analyzer analyzer)
        {
            var closestOnly = _surfaces.Values.Any(s => s.Closest);
            return _surfaces
                .Where(s => s.Value.Closest || !closestOnly)
                .GroupBy(s => Stem(analyzer, s.Key))
                .Select(g => (
                    Shown: g.Select(s => s.Key).OrderBy(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).First(),
                    Stem: g.Key,
                    Documents: g.SelectMany(s => s.Value.Documents).Distinct().Count(),
                    Count: g.Sum(s => s.Value.Count)))
                .OrderByDescending(g => g.Documents).ThenByDescending(g => g.Count).ThenBy(g => g.Shown, StringComparer.Ordinal)
                .Select(g => (g.Shown, g.Stem))
                .ToList();
        }

        private static string Stem(Analyzer analyzer, string surface)
        {
            using var stream = analyzer.GetTokenStream(ArticleFields.Body, surface);
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            var stem = stream.IncrementToken() ? term.ToString() : surface;
            stream.End();
            return stem;
        }
    }
}
