using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Analyzer for Gujarati text, used for both indexing and querying so that both sides agree on every token.
/// </summary>
/// <remarks>
/// Chain: <see cref="GujaratiCharFilter"/> → <c>StandardTokenizer</c> (LUCENE_48) →
/// <see cref="GujaratiNormalizationFilter"/> (lowercase, digits and every spelling rule in one pass) →
/// [<c>StopFilter</c>, off by default] → [<c>SetKeywordMarkerFilter</c>] → <see cref="GujaratiStemFilter"/>.
/// One instance can be shared between threads.
/// </remarks>
public sealed class GujaratiAnalyzer : Analyzer
{
    /// <summary>Changes whenever a change here would change the tokens of already indexed text.</summary>
    public const string Version = "gu-2";

    private const LuceneVersion Match = LuceneVersion.LUCENE_48;

    private readonly GujaratiAnalyzerOptions _options;
    private readonly CharArraySet? _stopwords;
    private readonly GujaratiStemmer? _stemmer;
    private readonly CharArraySet? _exclusions;

    /// <summary>Creates the analyzer with the default (measured best) configuration.</summary>
    public GujaratiAnalyzer() : this(new GujaratiAnalyzerOptions())
    {
    }

    /// <summary>Creates the analyzer with explicit options.</summary>
    /// <param name="options">The configuration.</param>
    public GujaratiAnalyzer(GujaratiAnalyzerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.RemoveStopwords)
        {
            _stopwords = NormalisedSet(options.Stopwords, options.FoldLongVowels);
        }
        if (options.Stem)
        {
            _stemmer = new GujaratiStemmer(options.FoldLongVowels, NormalisedSet(options.ProtectedStems, options.FoldLongVowels));
            // Users write exclusions as words are spelt; the filter sees them normalised (and, by default, folded).
            if (options.StemExclusionSet is { Count: > 0 } exclusions)
            {
                _exclusions = NormalisedSet(exclusions, options.FoldLongVowels);
            }
        }
    }

    /// <summary>
    /// Normalises a prefix or wildcard query term the way indexed tokens are normalised: lowercase and every
    /// normalisation rule, but no stemming and no stopword removal. Wildcard characters pass through.
    /// </summary>
    /// <param name="term">The raw query term.</param>
    public static string NormalizeTerm(string term) => NormalizeTerm(term, GujaratiAnalyzerOptions.DefaultFoldLongVowels);

    /// <summary>As <see cref="NormalizeTerm(string)"/>, for an analyzer built with a non-default vowel setting.</summary>
    /// <param name="term">The raw query term.</param>
    /// <param name="foldLongVowels">The analyzer's <see cref="GujaratiAnalyzerOptions.FoldLongVowels"/>.</param>
    public static string NormalizeTerm(string term, bool foldLongVowels)
    {
        ArgumentNullException.ThrowIfNull(term);
        char[] buffer = term.ToCharArray();
        int length = 0;
        // The char filter's mapping applies here too, since query terms never pass through the tokenizer.
        foreach (char c in buffer)
        {
            if (c >= '\u0AFA' && c <= '\u0AFF')
            {
                continue;
            }
            buffer[length++] = c == '\u0AF9' ? '\u0AB3' : c;
        }
        length = GujaratiNormalizer.Normalize(buffer, length, foldLongVowels);
        return new string(buffer, 0, length);
    }

    /// <inheritdoc />
    protected override TextReader InitReader(string fieldName, TextReader reader) => new GujaratiCharFilter(reader);

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Match, reader);
        return new TokenStreamComponents(source, Chain(source));
    }

    /// <summary>The stemmer, when stemming is on.</summary>
    internal GujaratiStemmer? Stemmer => _stemmer;

    /// <summary>The normalised stopwords, when they are removed.</summary>
    internal CharArraySet? Stopwords => _stopwords;

    /// <summary>
    /// Every filter after the tokenizer; <see cref="GujaratiPhoneticAnalyzer"/> continues from here without the
    /// stemmer, which it applies itself.
    /// </summary>
    internal TokenStream Chain(Tokenizer source, bool stem = true)
    {
        TokenStream result = new GujaratiNormalizationFilter(source, _options.FoldLongVowels);
        if (_stopwords is not null)
        {
            result = new StopFilter(Match, result, _stopwords);
        }
        if (_stemmer is not null)
        {
            if (_exclusions is not null)
            {
                result = new SetKeywordMarkerFilter(result, _exclusions);
            }
            if (stem)
            {
                result = new GujaratiStemFilter(result, _stemmer);
            }
        }
        return result;
    }

    private static CharArraySet NormalisedSet(IEnumerable<string> words, bool foldLongVowels)
    {
        var set = new CharArraySet(Match, 128, ignoreCase: false);
        foreach (string word in words)
        {
            set.Add(NormalizeTerm(word, foldLongVowels));
        }
        return set.AsReadOnly();
    }
}
