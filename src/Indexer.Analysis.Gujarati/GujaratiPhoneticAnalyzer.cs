using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Analyzer for a field of phonetic keys: the <see cref="GujaratiAnalyzer"/> normalisation, then
/// <see cref="GujaratiPhoneticFilter"/>, so Gujarati text and Latin queries meet on the same keys (rashiya and
/// રશિયાના both give rs). Use it for indexing and querying the key field alike. One instance can be shared
/// between threads.
/// </summary>
/// <remarks>
/// <para>Each word gets one key (one term to index, one term to query): its consonant skeleton
/// (<see cref="GujaratiPhoneticAnalyzerOptions.Key"/>), which matches however the vowels are typed or spelt
/// (trump, ટ્રંપ; liverpool, લિવરપૂલ); or, when the skeleton is too short to stand for one word (km is કિમ,
/// કામ and કેમ), the key that keeps vowels (<see cref="GujaratiPhoneticAnalyzerOptions.VowelKey"/>). Such a short
/// word also gets a rank key (<see cref="GujaratiPhoneticAnalyzerOptions.RankKey"/>), which a query adds to rank
/// by, never to match by. Function words get none (<see cref="GujaratiStopwords.Keyless"/>), nor do words whose
/// key is a single letter.</para>
/// <para>The keys are for matching words, not phrases (a quoted phrase needs all its words instead). An index that
/// wants to know which word a key came from keeps its offsets (Lucene keeps offsets only with positions).</para>
/// </remarks>
public sealed class GujaratiPhoneticAnalyzer : Analyzer
{
    /// <summary>
    /// Changes whenever a change here would change the keys of already indexed text (3: a root's last n or ણ is
    /// no longer stripped as an ending, so an index keyed by 2 is rebuilt).
    /// </summary>
    public const string Version = "phonetic-3";

    /// <summary>
    /// Shortest key that stands for a word rather than for many (kv, from કાવાનો stemmed, is too short; kvg,
    /// કાવાનૌઘ, is not): as alternatives to a Gujarati word, shorter ones would let unrelated words satisfy an
    /// AND query.
    /// </summary>
    public const int MinCloseKeyLength = 3;

    /// <summary>
    /// In the keys stream of a <see cref="Tee"/>, each text's offsets follow the previous text's length plus this
    /// gap, as if the texts were one (title, gap, body): an index can keep the offsets, which Lucene refuses when they
    /// start again at 0, and a reader finds each key's word in its text.
    /// </summary>
    public const int TextGap = 1;

    private const int MaxTeesPerThread = 4;

    private readonly GujaratiAnalyzer _words;
    private readonly GujaratiPhoneticKey _skeleton;
    private readonly GujaratiPhoneticKey? _vowels;
    private readonly GujaratiPhoneticKey? _rank;
    private readonly float _rankBoost;
    private readonly int _rankKeyUpTo;
    private readonly int _vowelKeyUpTo;
    private readonly bool _bothKeys;
    // Per thread, the tees handed out so far; one per field value a document tees (its title and its body, say).
    private readonly ThreadLocal<List<TeeComponents>> _tees;

    /// <summary>Creates the analyzer with the default (measured best) keys.</summary>
    public GujaratiPhoneticAnalyzer() : this(new GujaratiPhoneticAnalyzerOptions())
    {
    }

    /// <summary>Creates the analyzer with explicit options.</summary>
    /// <param name="options">The keys and the word analysis before them.</param>
    public GujaratiPhoneticAnalyzer(GujaratiPhoneticAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The keys stem the sounds themselves, in both scripts alike, so the words are not stemmed first.
        _words = new GujaratiAnalyzer(options.Words with
        {
            Stem = false,
            RemoveStopwords = options.Words.RemoveStopwords || options.SkipStopwords,
            Stopwords = options.SkipStopwords ? GujaratiStopwords.Keyless : options.Words.Stopwords,
        });
        _skeleton = new GujaratiPhoneticKey(options.Key);
        _vowels = options.VowelKey is { } vowels ? new GujaratiPhoneticKey(vowels) : null;
        _rank = options.RankKey is { } rank ? new GujaratiPhoneticKey(rank) : null;
        _rankBoost = options.RankBoost;
        _rankKeyUpTo = options.RankKeyUpTo;
        _vowelKeyUpTo = options.VowelKeyUpTo;
        _bothKeys = options.BothKeys;
        _tees = new ThreadLocal<List<TeeComponents>>(() => []);
    }

    /// <summary>The keys of the words of <paramref name="text"/> that they match by, in order.</summary>
    /// <param name="text">Words in Gujarati or Latin letters.</param>
    public IReadOnlyList<string> Keys(string text) => Words(text).SelectMany(w => w.Keys).ToList();

    /// <summary>Each word of <paramref name="text"/> that has a key, as written there, with its keys.</summary>
    /// <param name="text">Words in Gujarati or Latin letters.</param>
    public IReadOnlyList<PhoneticWord> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<PhoneticWord>();
        using var stream = GetTokenStream("", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        List<string>? keys = null;
        while (stream.IncrementToken())
        {
            if (position.PositionIncrement > 0 || keys is null)
            {
                keys = [];
                words.Add(new PhoneticWord(text[offset.StartOffset..offset.EndOffset], keys));
            }
            if (term.Length > 0 && term.Buffer[0] == GujaratiPhoneticFilter.RankMark)
            {
                words[^1] = words[^1] with { RankKey = term.ToString() };
            }
            else
            {
                keys.Add(term.ToString());
            }
        }
        stream.End();
        return words;
    }

    /// <summary>
    /// A query for <paramref name="text"/> in a field of keys: each word matches by its key (by either key, with
    /// <see cref="GujaratiPhoneticAnalyzerOptions.BothKeys"/>) and ranks higher where its rank key matches too,
    /// and the words are combined with <paramref name="occur"/>. Null when the text has no word with a key.
    /// </summary>
    /// <param name="field">The key field, indexed by this analyzer.</param>
    /// <param name="text">One word, or several (a phrase becomes its words: keys match words, not phrases).</param>
    /// <param name="occur">How the words combine: <c>MUST</c> for a phrase or an AND query, <c>SHOULD</c> for OR.</param>
    /// <param name="closeOnly">
    /// Match each word by its last key only, and only when that key is long enough to name one word
    /// (<see cref="MinCloseKeyLength"/>): other spellings of the same name (કાવાનૌઘ, કાવાનોઘ), not every word
    /// that shares two consonants with it. For words whose script is already right; null when a word that must
    /// match has no such key.
    /// </param>
    public Query? Query(string field, string text, Occur occur, bool closeOnly = false)
    {
        ArgumentNullException.ThrowIfNull(field);
        var all = Words(text);
        var words = all
            .Select(word => closeOnly ? word with { Keys = [word.Keys[^1]], RankKey = null } : word)
            .Where(word => !closeOnly || word.Keys[0].Length >= MinCloseKeyLength)
            .Select(word => WordQuery(field, word))
            .ToList();
        if (words.Count < all.Count && occur == Occur.MUST)
        {
            return null;
        }
        if (words.Count <= 1)
        {
            return words.FirstOrDefault();
        }
        var query = new BooleanQuery(disableCoord: occur == Occur.MUST);
        foreach (var word in words)
        {
            query.Add(word, occur);
        }
        return query;
    }

    private Query WordQuery(string field, PhoneticWord word)
    {
        var match = MatchQuery(field, word);
        if (word.RankKey is null)
        {
            return match;
        }
        // Every text with the rank key has the match key too; the rank key only adds to the score.
        return new BooleanQuery(disableCoord: true)
        {
            { match, Occur.MUST },
            { new TermQuery(new Term(field, word.RankKey)) { Boost = _rankBoost }, Occur.SHOULD },
        };
    }

    private static Query MatchQuery(string field, PhoneticWord word)
    {
        if (word.Keys.Count == 1)
        {
            return new TermQuery(new Term(field, word.Keys[0]));
        }
        var either = new BooleanQuery(disableCoord: true);
        foreach (string key in word.Keys)
        {
            either.Add(new TermQuery(new Term(field, key)), Occur.SHOULD);
        }
        return either;
    }

    /// <summary>
    /// Analyses texts once for two kinds of field: <c>Words</c> holds, for each text, the tokens
    /// <paramref name="words"/> indexes for it; <c>Keys</c> the tokens this analyzer indexes for all of them, one
    /// after another (a document's title and body in one key field), offset as <see cref="TextGap"/> says. Tokenizing is the costliest step of both
    /// analyses; this does it once.
    /// </summary>
    /// <remarks>
    /// <para>Keys replays what the Words streams saw, so they must be consumed first (Keys throws otherwise).
    /// Lucene 4.8's <c>IndexWriter</c> inverts a document's fields in the ordinal order of their names: give the
    /// keys a field name that sorts after the words' ones. Words of Latin letters or digits get no key here: the
    /// words field matches them exactly (eBay, 2018).</para>
    /// <para>The streams are reused per thread once the keys stream is disposed, as <c>IndexWriter</c> disposes
    /// it; pairs asked for while earlier ones are undisposed (documents built ahead of indexing) are kept apart.</para>
    /// </remarks>
    /// <param name="words">The analyzer of the words' fields; its options decide the Words tokens.</param>
    /// <param name="texts">The texts to analyse.</param>
    public (IReadOnlyList<TokenStream> Words, TokenStream Keys) Tee(GujaratiAnalyzer words, params IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(texts);
        var tees = _tees.Value!;
        var tee = tees.Find(t => !t.InUse);
        if (tee is null)
        {
            tee = new TeeComponents(this);
            // A caller that builds many documents before indexing them gets fresh components past a few.
            if (tees.Count < MaxTeesPerThread)
            {
                tees.Add(tee);
            }
        }
        return tee.For(words, texts);
    }

    private GujaratiPhoneticFilter KeyFilter(TokenStream words, bool skipLatin = false) =>
        new(words, _skeleton, _vowels, _vowelKeyUpTo, _bothKeys, skipLatin, _rank, _rankKeyUpTo);

    /// <inheritdoc />
    protected override TextReader InitReader(string fieldName, TextReader reader) => new GujaratiCharFilter(reader);

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
        return new TokenStreamComponents(source, KeyFilter(_words.Chain(source)));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tees.Dispose();
        }
        base.Dispose(disposing);
    }

    // One thread's tee, built once per words analyzer: per text a tokenizer and normalisation shared by its words
    // stream and the keys, with the recording between them; and the keys chain that replays the recordings.
    private sealed class TeeComponents(GujaratiPhoneticAnalyzer keys)
    {
        private readonly List<(StandardTokenizer Source, TokenStream Words, WordRecording Recording)> _texts = [];
        private List<WordRecording> _recordings = [];
        private GujaratiAnalyzer? _analyzer;
        private RecordedWords? _replay;
        private TokenStream? _keys;

        public bool InUse => _replay?.InUse ?? false;

        public (IReadOnlyList<TokenStream> Words, TokenStream Keys) For(GujaratiAnalyzer analyzer, IReadOnlyList<string> texts)
        {
            if (!ReferenceEquals(analyzer, _analyzer))
            {
                _analyzer = analyzer;
                _texts.Clear();
                _recordings = [];
                // The key words are the analyzer's unstemmed words, less the words the keys skip; what the words field
                // matches exactly (eBay, 2018) needs no key in an index.
                _replay = new RecordedWords(_recordings, analyzer.Stopwords is null ? keys._words.Stopwords : null);
                _keys = keys.KeyFilter(_replay, skipLatin: true);
            }
            while (_texts.Count < texts.Count)
            {
                var recording = new WordRecording();
                var source = new StandardTokenizer(LuceneVersion.LUCENE_48, TextReader.Null);
                TokenStream recorded = new WordRecorder(analyzer.Chain(source, stem: false), recording);
                _texts.Add((source, analyzer.Stemmer is { } stemmer ? new GujaratiStemFilter(recorded, stemmer) : recorded, recording));
                _recordings.Add(recording);
            }
            var streams = new TokenStream[texts.Count];
            for (int i = 0; i < texts.Count; i++)
            {
                var (source, words, recording) = _texts[i];
                recording.Clear();
                try
                {
                    source.SetReader(new GujaratiCharFilter(new StringReader(texts[i])));
                }
                catch (InvalidOperationException)
                {
                    // The last pair was not disposed (its indexing failed half way): start from new components.
                    _analyzer = null;
                    return For(analyzer, texts);
                }
                streams[i] = words;
            }
            _replay!.Use(texts.Count);
            return (streams, _keys!);
        }
    }
}

/// <summary>A word as written in the analysed text, and its key (with <see cref="GujaratiPhoneticAnalyzerOptions.BothKeys"/>, skeleton then vowel key).</summary>
/// <param name="Text">The word, cut from the text by its offsets.</param>
/// <param name="Keys">The keys it matches by.</param>
/// <param name="RankKey">For a short word, the key that ranks its closest spellings first; else null.</param>
public sealed record PhoneticWord(string Text, IReadOnlyList<string> Keys, string? RankKey = null);

/// <summary>Switches for <see cref="GujaratiPhoneticAnalyzer"/>; the defaults are the measured best.</summary>
public sealed record GujaratiPhoneticAnalyzerOptions
{
    /// <summary>The skeleton key: its folds decide which spellings match at all.</summary>
    public GujaratiPhoneticKeyOptions Key { get; init; } = new();

    /// <summary>
    /// The key with vowel classes, for words whose skeleton is too short to stand for one word (km: કિમ, કામ,
    /// કેમ); null for skeletons only.
    /// </summary>
    public GujaratiPhoneticKeyOptions? VowelKey { get; init; } = new() { Vowels = KeyVowels.All };

    /// <summary>
    /// The rank key of the words keyed by <see cref="VowelKey"/>: every vowel, final ones too, so that of the
    /// words sharing a short key (rs: રશિયા, રસ, રસી) the one typed (rashiya) ranks first. Null for none.
    /// </summary>
    public GujaratiPhoneticKeyOptions? RankKey { get; init; } = new() { Vowels = KeyVowels.Every, KeepFinalVowels = true };

    /// <summary>
    /// Weight of a rank key beside the key it ranks: enough to put the spelling typed first among the words of
    /// one key, not so much that one short word outweighs the other words of a query.
    /// </summary>
    public float RankBoost { get; init; } = 0.5f;

    /// <summary>
    /// Only words whose key has at most this many letters get a rank key: two-letter keys (rs, km) stand for
    /// the most words, and every rank key written costs indexing time.
    /// </summary>
    public int RankKeyUpTo { get; init; } = 2;

    /// <summary>Words whose skeleton has at most this many consonants are keyed by <see cref="VowelKey"/>.</summary>
    public int VowelKeyUpTo { get; init; } = 2;

    /// <summary>
    /// Keep the skeleton of those words too, stacked on the vowel key: no better on the development set, for a
    /// second term to index and to query for each of them.
    /// </summary>
    public bool BothKeys { get; init; }

    /// <summary>
    /// Write no keys for <see cref="GujaratiStopwords.Keyless"/>, a third of all words: nobody looks for them
    /// in Latin letters, and every key written costs indexing time.
    /// </summary>
    public bool SkipStopwords { get; init; } = true;

    /// <summary>How words are normalised before keying (stemming and stopwords are the key's own business).</summary>
    public GujaratiAnalyzerOptions Words { get; init; } = new();
}
