using Indexer.Analysis.Gujarati;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

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

    /// <summary>How many first Gujarati results the Latin words are read in.</summary>
    public const int Documents = 5;

    /// <summary>
    /// How many first results <see cref="Rank"/> reorders, whatever page is asked for: a window that grew with the
    /// page would move results across page boundaries (one shown twice, another never). A search with Latin words
    /// collects at least this many.
    /// </summary>
    public const int RankWindow = 50;

    // Per Latin word read, the stems of the forms it was read as, the first one first, and the word as typed: what
    // marks, ranks and restricts Latin results.
    private readonly IReadOnlyList<ReadWord> _stems;

    private LatinReading(IReadOnlyDictionary<string, IReadOnlyList<string>> readAs, IReadOnlyList<ReadWord> stems)
    {
        ReadAs = readAs;
        _stems = stems;
    }

    public static LatinReading None { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), []);

    /// <summary>Per Latin word (lowercased), the Gujarati forms it was read as; empty when no word was.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReadAs { get; }

    /// <summary>
    /// Reads <paramref name="words"/> in the first <see cref="Documents"/> Gujarati articles of
    /// <paramref name="documents"/>: every word of their title and body with the Latin word's key is a candidate,
    /// grouped by its stem. The key field's offsets say where those words are, so no text is analysed again. The
    /// forms found are marked in every hit, whichever of them it uses.
    /// </summary>
    /// <param name="words">The query's Latin words with their keys.</param>
    /// <param name="analyzer">The index's analyzer: its title and body analysis gives each form's stem.</param>
    internal static LatinReading Read(HitRecords records, IEnumerable<int> documents, IReadOnlyList<PhoneticWord> words, Analyzer analyzer)
    {
        if (words.Count == 0) return None;
        var readings = words.DistinctBy(w => w.Text.ToLowerInvariant()).Select(w => new WordReading(w, analyzer)).ToList();
        // An article in English (a mixed index) has no Gujarati word to read, and its having the words as typed says
        // nothing of how the Gujarati articles below it write them.
        var read = documents.Distinct().Where(doc => InGujarati(records.Read(doc).Record)).Take(Documents).ToList();
        foreach (var doc in read)
        {
            var (record, leaf) = records.Read(doc);
            FromOffsets(leaf, doc - leaf.DocBase, record, doc, readings);
        }
        var writtenInFirst = read.Count == 0 ? [] : WrittenIn(records.Leaf(read[0]), read[0], readings);

        var readAs = new Dictionary<string, IReadOnlyList<string>>();
        var stems = new List<ReadWord>();
        foreach (var reading in readings)
        {
            // The best Gujarati result has the word as it was typed (ebay: eBay): that is what the reader meant, not
            // the Gujarati words further down that happen to share its key (એનબીએ).
            if (writtenInFirst.Contains(reading)) continue;
            var forms = reading.Forms(analyzer);
            if (forms.Count == 0) continue;
            readAs[reading.Word] = forms.Take(MaxForms).Select(f => f.Shown).ToList();
            stems.Add(new ReadWord(forms.Select(f => f.Stem).Distinct().ToList(), reading.TypedStem));
        }
        return new LatinReading(readAs, stems);
    }

    /// <summary>
    /// Whether an article is written in Gujarati: more Gujarati letters than Latin ones in its title and the start
    /// of its body. By the text, not the feed's language, which a feed may leave out or give wrong.
    /// </summary>
    private static bool InGujarati(HitRecord record)
    {
        var (gujarati, latin) = (0, 0);
        foreach (var text in new[] { record.Title, record.Body ?? "" })
            foreach (var c in text.AsSpan(0, Math.Min(text.Length, 500)))
            {
                if (GujaratiNormalizer.IsGujarati(c)) gujarati++;
                else if (char.IsAsciiLetter(c)) latin++;
            }
        return gujarati > latin;
    }

    /// <summary>
    /// The first <see cref="RankWindow"/> of <paramref name="collected"/> (best first, by score) with the results that have more of the words the Latin words
    /// were read as first: a key also matches words that only share its consonants (trump's trp is ટ્રમ્પ and
    /// ટ્રિપ, trip), and a short story with the look-alike can outscore the stories with the word. The reading,
    /// taken from the first results, says which word the reader meant. Scores rise by the best score per word
    /// had, so they still fall down the list.
    /// </summary>
    internal ScoreDoc[] Rank(ScoreDoc[] collected, HitRecords records)
    {
        if (_stems.Count == 0 || collected.Length < 2) return collected;
        var top = collected.Length > RankWindow ? collected[..RankWindow] : collected;
        var has = new int[top.Length];
        var order = Enumerable.Range(0, top.Length).OrderBy(i => top[i].Doc).ToArray();
        foreach (var word in _stems)
        {
            // Each document is counted once per word, whichever field and form has it: the form it was read as
            // first, or the word as typed (an English article in a mixed index, eBay in a Gujarati one).
            var counted = new bool[top.Length];
            foreach (var stem in new[] { word.Forms[0], word.Typed })
                foreach (var field in new[] { ArticleFields.Title, ArticleFields.Body })
                {
                    AtomicReaderContext? leaf = null;
                    DocsEnum? postings = null;
                    foreach (var i in order)
                    {
                        var doc = top[i].Doc;
                        if (leaf is null || doc >= leaf.DocBase + leaf.AtomicReader.MaxDoc)
                        {
                            leaf = records.Leaf(doc);
                            postings = leaf.AtomicReader.GetTermDocsEnum(new Term(field, stem));
                        }
                        if (postings is null) continue;
                        var inLeaf = doc - leaf.DocBase;
                        var at = postings.DocID >= inLeaf ? postings.DocID : postings.Advance(inLeaf);
                        if (at == DocIdSetIterator.NO_MORE_DOCS) postings = null;
                        else if (at == inLeaf && !counted[i]) (counted[i], has[i]) = (true, has[i] + 1);
                    }
                }
        }
        var best = top[0].Score;
        return Enumerable.Range(0, top.Length)
            .OrderByDescending(i => has[i]).ThenBy(i => i)
            .Select(i => new ScoreDoc(top[i].Doc, top[i].Score + has[i] * best))
            .Concat(collected.Skip(top.Length))
            .ToArray();
    }

    /// <summary>
    /// The words of one document with each reading's key, found by the key field's postings: the offsets run over
    /// title, gap and body. (An index built before the keys had offsets has another schema version and is rebuilt.)
    /// </summary>
    private static void FromOffsets(AtomicReaderContext leaf, int inLeaf, HitRecord record, int doc, List<WordReading> readings)
    {
        var reader = leaf.AtomicReader;
        var terms = reader.GetTerms(ArticleFields.Transliteration)?.GetEnumerator();
        if (terms is null) return;
        var title = record.Title;
        var body = record.Body ?? "";
        var bodyStart = title.Length + GujaratiPhoneticAnalyzer.TextGap;
        foreach (var reading in readings)
        {
            var close = reading.CloseKey is null ? null : Starts(terms, reading.CloseKey, reader, inLeaf);
            foreach (var (start, end) in Offsets(terms, reading.Skeleton, reader, inLeaf))
            {
                var surface = start >= bodyStart
                    ? Cut(body, start - bodyStart, end - bodyStart)
                    : Cut(title, start, end);
                if (surface is null || !GujaratiPhoneticKey.IsGujarati(surface)) continue;
                reading.Add(surface, closest: close is null || close.Contains(start), doc);
            }
        }
    }

    private static string? Cut(string text, int start, int end) =>
        start >= 0 && end <= text.Length && start < end ? text[start..end] : null;

    private static HashSet<int> Starts(TermsEnum terms, string key, AtomicReader reader, int inLeaf) =>
        Offsets(terms, key, reader, inLeaf).Select(o => o.Start).ToHashSet();

    private static List<(int Start, int End)> Offsets(TermsEnum terms, string key, AtomicReader reader, int inLeaf)
    {
        var found = new List<(int, int)>();
        if (!terms.SeekExact(new BytesRef(key))) return found;
        var postings = terms.DocsAndPositions(reader.LiveDocs, null, DocsAndPositionsFlags.OFFSETS);
        if (postings is null || postings.Advance(inLeaf) != inLeaf) return found;
        for (var i = 0; i < postings.Freq; i++)
        {
            postings.NextPosition();
            found.Add((postings.StartOffset, postings.EndOffset));
        }
        return found;
    }

    /// <summary>The readings whose Latin word the document has as it was typed, in its title or body words.</summary>
    private static HashSet<WordReading> WrittenIn(AtomicReaderContext leaf, int doc, List<WordReading> readings)
    {
        var written = new HashSet<WordReading>();
        foreach (var reading in readings)
        {
            foreach (var field in new[] { ArticleFields.Title, ArticleFields.Body })
            {
                var postings = leaf.AtomicReader.GetTermDocsEnum(new Term(field, reading.TypedStem));
                if (postings is not null && postings.Advance(doc - leaf.DocBase) == doc - leaf.DocBase) written.Add(reading);
            }
        }
        return written;
    }

    /// <summary>
    /// <paramref name="query"/>, kept to the articles that have the Gujarati words the Latin words were read as in
    /// title or body, or the Latin word as typed: each word's (<paramref name="every"/>, for AND) or any word's. For a list that no score
    /// orders, where the look-alikes a key also matches would otherwise stand among the words meant.
    /// </summary>
    public Query Restrict(Query query, bool every)
    {
        if (_stems.Count == 0) return query;
        var kept = new BooleanQuery(disableCoord: true) { { query, Occur.MUST } };
        var any = new BooleanQuery(disableCoord: true);
        foreach (var read in _stems)
        {
            var word = new BooleanQuery(disableCoord: true);
            foreach (var term in Terms(read.Forms.Append(read.Typed))) word.Add(term, Occur.SHOULD);
            if (every) kept.Add(word, Occur.MUST);
            else any.Add(word, Occur.SHOULD);
        }
        if (!every) kept.Add(any, Occur.MUST);
        return kept;
    }

    /// <summary><paramref name="query"/> plus the forms the Latin words were read as, for a highlighter to mark.</summary>
    public Query Highlight(Query query)
    {
        if (_stems.Count == 0) return query;
        var marked = new BooleanQuery(disableCoord: true) { { query, Occur.SHOULD } };
        foreach (var term in _stems.SelectMany(read => Terms(read.Forms))) marked.Add(term, Occur.SHOULD);
        return marked;
    }

    // A form as the title and body index it.
    private static IEnumerable<Query> Terms(IEnumerable<string> stems) => stems.SelectMany(stem => new Query[]
    {
        new TermQuery(new Term(ArticleFields.Title, stem)),
        new TermQuery(new Term(ArticleFields.Body, stem)),
    });

    /// <summary>The stems of the forms a Latin word was read as (the first one first), and of the word as typed.</summary>
    private sealed record ReadWord(IReadOnlyList<string> Forms, string Typed);

    private sealed class WordReading(PhoneticWord word, Analyzer analyzer)
    {
        private readonly Dictionary<string, (int Count, bool Closest, HashSet<int> Documents)> _surfaces = [];

        public string Word { get; } = word.Text.ToLowerInvariant();
        /// <summary>The word as typed, as title and body index it (eBay: ebay).</summary>
        public string TypedStem { get; } = Stem(analyzer, word.Text.ToLowerInvariant());
        public string Skeleton { get; } = word.Keys[0];
        // The key of the spellings closest to the Latin word, when its key matches others too (rs: rashiya's
        // રશિયા, and રસ).
        public string? CloseKey { get; } = word.RankKey ?? (word.Keys.Count > 1 ? word.Keys[1] : null);

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

        public static string Stem(Analyzer analyzer, string surface)
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
