using Lucene.Net.Analysis.Util;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Light inflectional stemmer: strips case markers, postpositions, plural endings, final vowel signs and a few
/// verb endings, repeatedly and longest first, so that a word and its inflected forms meet at one stem.
/// </summary>
/// <remarks>
/// <para>Stripping repeats until nothing more applies, so "નેતાઓના" loses ના, then ઓ, then ા, and
/// reaches the same stem as "નેતા". That is what makes words that already end like a suffix or vowel sign
/// (અમેરિકા, ટોક્યો, મોદી) meet their inflected forms (અમેરિકાના, ટોક્યોમાં, મોદીએ).</para>
/// <para>A suffix is only removed when at least <see cref="MinStemLetters"/> letters (consonants, independent
/// vowels, digits; vowel signs and marks do not count) remain, so short words survive. Stripping also stops
/// at a stem in the protected set, so "કોરોના" stays whole and "કોરોનામાં" stops there.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class GujaratiStemmer
{
    /// <summary>Letters a stem must keep unless configured otherwise.</summary>
    public const int DefaultMinStemLetters = 2;

    /// <summary>Case markers and postpositions that Gujarati writes joined to the noun.</summary>
    public static IReadOnlyList<string> CaseSuffixes { get; } =
    [
        "ના", "ની", "નું", "નો", "નાં", "ને", "એ", "માં", "થી", "માંથી",
    ];

    /// <summary>The plural after a vowel (નેતાઓ), alone and fused with a case marker.</summary>
    public static IReadOnlyList<string> PluralSuffixes { get; } =
    [
        "ઓ", "ઓના", "ઓની", "ઓનું", "ઓનો", "ઓનાં", "ઓને", "ઓમાં", "ઓમાંથી", "ઓથી", "ઓએ",
    ];

    /// <summary>
    /// Final vowel signs: gender, number, oblique and verb person endings, and the vowel a stem ends in before
    /// a case marker (રશિયા / રશિયાના both reach રશિય).
    /// </summary>
    public static IReadOnlyList<string> VowelSuffixes { get; } =
    [
        "ા", "િ", "ી", "ુ", "ૂ", "ે", "ો", "ું", "ાં", "ીં", "ેં", "ોં",
    ];

    /// <summary>
    /// Verb endings that do not collide with common noun endings: infinitive/gerund (કરવું, કરવા, કરવી) and
    /// the perfect participle (કરેલ, કરેલા). Tense consonants such as શ (future) and ્ય (perfect) are left
    /// alone because દેશ and રાજ્ય end the same way.
    /// </summary>
    public static IReadOnlyList<string> VerbSuffixes { get; } =
    [
        "વું", "વા", "વી", "ેલ",
    ];

    /// <summary>
    /// Words whose stem would collide with an unrelated word (ઘટના "event" would become ઘટ "decrease").
    /// Stored in normalised form.
    /// </summary>
    public static IReadOnlyList<string> DefaultProtectedStems { get; } =
    [
        "કોરોના", "ઘટના", "યોજના", "સંભાવના", "ભાવના", "સ્થાપના", "તુલના", "રચના", "સૂચના", "વેદના",
        "આર્જેંટિના",
    ];

    private const int MaxPasses = 4;

    private readonly char[][]?[] _byLastChar = new char[][]?[0x80];
    private readonly CharArraySet? _protected;

    /// <summary>Creates a stemmer.</summary>
    /// <param name="foldLongVowels">Must match the normaliser setting used before this stemmer, so the
    /// suffixes are spelled the way the tokens are.</param>
    /// <param name="protectedStems">Stems at which stripping stops (already normalised), or null for none.</param>
    /// <param name="minStemLetters">Letters a stem must keep.</param>
    public GujaratiStemmer(bool foldLongVowels, CharArraySet? protectedStems, int minStemLetters = DefaultMinStemLetters)
    {
        _protected = protectedStems;
        MinStemLetters = minStemLetters;
        var normalised = CaseSuffixes.Concat(PluralSuffixes).Concat(VowelSuffixes).Concat(VerbSuffixes)
            .Select(s => GujaratiNormalizer.Normalize(s, foldLongVowels))
            .Distinct()
            .Select(s => s.ToCharArray());
        foreach (var group in normalised.GroupBy(s => s[^1] - 0x0A80))
        {
            _byLastChar[group.Key] = group.OrderByDescending(s => s.Length).ToArray();
        }
    }

    /// <summary>Letters a stem must keep.</summary>
    public int MinStemLetters { get; }

    /// <summary>Stems <paramref name="buffer"/>[0..<paramref name="length"/>) in place and returns the stem's length.</summary>
    /// <param name="buffer">A normalised term.</param>
    /// <param name="length">Number of characters in use.</param>
    public int Stem(char[] buffer, int length)
    {
        for (int pass = 0; pass < MaxPasses && length > 0; pass++)
        {
            int last = buffer[length - 1] - 0x0A80;
            if ((uint)last >= 0x80 || _byLastChar[last] is not { } candidates)
            {
                break;
            }
            int stemLength = -1;
            foreach (char[] suffix in candidates)
            {
                int rest = length - suffix.Length;
                if (rest > 0
                    && buffer.AsSpan(rest, suffix.Length).SequenceEqual(suffix)
                    && HasLetters(buffer, rest, MinStemLetters))
                {
                    stemLength = rest;
                    break;
                }
            }
            // The protected set is consulted only when something would be stripped, which keeps the common
            // case (no suffix) free of a hash lookup.
            if (stemLength < 0 || (_protected is not null && _protected.Contains(buffer, 0, length)))
            {
                break;
            }
            length = stemLength;
        }
        return length;
    }

    /// <summary>Stems a string; see <see cref="Stem(char[], int)"/>.</summary>
    /// <param name="term">A normalised term.</param>
    public string Stem(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        char[] buffer = term.ToCharArray();
        return new string(buffer, 0, Stem(buffer, buffer.Length));
    }

    // Vowel signs, virama and the nasal/visarga marks sit on a letter and do not make a stem longer to a reader.
    // Scans from the start and stops as soon as enough letters are seen, so it is cheap on long words.
    private static bool HasLetters(char[] buffer, int length, int wanted)
    {
        int letters = 0;
        for (int i = 0; i < length && letters < wanted; i++)
        {
            char c = buffer[i];
            bool mark = (c >= '\u0A81' && c <= '\u0A83') || (c >= '\u0ABC' && c <= '\u0ACD') || c == '\u0AE2' || c == '\u0AE3';
            if (!mark)
            {
                letters++;
            }
        }
        return letters >= wanted;
    }
}
