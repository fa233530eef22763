namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Folds the spellings Gujarati writers use interchangeably onto one form, in place on a term buffer:
/// lowercase, Gujarati digits as ASCII, joiners and nukta removed, candra vowels and candrabindu folded,
/// split vowels composed, nasal + virama before a stop written as anusvara, ':' read as visarga and a final
/// visarga dropped.
/// </summary>
/// <remarks>
/// One left-to-right pass, writing behind the read position, so a token is normalised without allocating.
/// Each rule looks only at the characters already written, which is what lets a split vowel, a
/// candra vowel and a nasal cluster all be resolved in the same pass.
/// </remarks>
public static class GujaratiNormalizer
{
    /// <summary>
    /// Normalises <paramref name="buffer"/>[0..<paramref name="length"/>) in place and returns the new length
    /// (never longer than the input).
    /// </summary>
    /// <param name="buffer">The term characters; only the first <paramref name="length"/> are read or written.</param>
    /// <param name="length">Number of characters in use.</param>
    /// <param name="foldLongVowels">Also write long ii/uu (ી ૂ ઈ ઊ) as short (િ ુ ઇ ઉ).</param>
    public static int Normalize(char[] buffer, int length, bool foldLongVowels)
    {
        int w = 0;
        for (int r = 0; r < length; r++)
        {
            char c = buffer[r];
            if (c < '\u0A80')
            {
                // Lowercasing here instead of in a LowerCaseFilter saves a whole pass over every token.
                if (c <= 'Z')
                {
                    if (c >= 'A')
                    {
                        c = (char)(c | 0x20);
                    }
                    else if (c == ':' && w > 0 && IsGujarati(buffer[w - 1]))
                    {
                        c = Visarga;
                    }
                }
                else if (c > '\u007F')
                {
                    if (c == '\u00AD')
                    {
                        continue;
                    }
                    c = char.ToLowerInvariant(c);
                }
                buffer[w++] = c;
                continue;
            }
            if (c > '\u0AFF')
            {
                // Joiners, word joiner and BOM are invisible: writers and editors insert them at random.
                if (c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF')
                {
                    continue;
                }
                buffer[w++] = char.ToLowerInvariant(c);
                continue;
            }
            if (c >= '\u0A95' && c <= '\u0AB9')
            {
                // Consonants, the bulk of the text: only the nasal cluster rule can apply.
                if (w >= 3 && buffer[w - 1] == Virama && NasalAssimilates(buffer[w - 2], c))
                {
                    buffer[w - 2] = Anusvara;
                    buffer[w - 1] = c;
                    continue;
                }
                buffer[w++] = c;
                continue;
            }
            switch (c)
            {
                case Nukta:
                    continue;
                case >= '\u0AE6' and <= '\u0AEF':
                    c = (char)('0' + (c - '\u0AE6'));
                    break;
                case '\u0AF9':
                    // ZHA transliterates Tamil/Malayalam ழ, which Gujarati news otherwise writes as ળ.
                    c = '\u0AB3';
                    break;
                case >= '\u0AFA' and <= '\u0AFF':
                    // Unicode 10 marks (sukun, shadda, maddah, nukta variants) decorate a letter the way
                    // nukta does, and nukta is dropped too.
                    continue;
                case '\u0A81':
                    c = Anusvara;
                    break;
                case '\u0A8D':
                    c = '\u0A8F';
                    break;
                case '\u0A91':
                    c = '\u0A93';
                    break;
                case '\u0AC5':
                    c = SignE;
                    break;
                case '\u0AC9':
                    c = SignO;
                    break;
            }
            if (foldLongVowels)
            {
                c = c switch
                {
                    '\u0AC0' => '\u0ABF',
                    '\u0AC2' => '\u0AC1',
                    '\u0A88' => '\u0A87',
                    '\u0A8A' => '\u0A89',
                    _ => c,
                };
            }
            if (w > 0 && TryCompose(buffer[w - 1], c, out char composed))
            {
                buffer[w - 1] = composed;
                continue;
            }
            buffer[w++] = c;
        }
        // A final visarga is mostly a dateline colon ("અમદાવાદ:") or a Sanskrit ending that readers omit.
        if (w > 1 && buffer[w - 1] == Visarga)
        {
            w--;
        }
        return w;
    }

    /// <summary>Normalises a string; see <see cref="Normalize(char[], int, bool)"/>.</summary>
    /// <param name="text">Text to normalise.</param>
    /// <param name="foldLongVowels">Also fold long ii/uu onto short.</param>
    public static string Normalize(string text, bool foldLongVowels)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[] buffer = text.ToCharArray();
        int length = Normalize(buffer, buffer.Length, foldLongVowels);
        return new string(buffer, 0, length);
    }

    /// <summary>Whether <paramref name="c"/> is in the Gujarati block U+0A80–U+0AFF.</summary>
    /// <param name="c">The character to test.</param>
    public static bool IsGujarati(char c) => c >= '\u0A80' && c <= '\u0AFF';

    internal const char Anusvara = '\u0A82';
    internal const char Visarga = '\u0A83';
    internal const char Nukta = '\u0ABC';
    internal const char Virama = '\u0ACD';
    private const char LetterA = '\u0A85';
    private const char LetterAa = '\u0A86';
    private const char SignAa = '\u0ABE';
    private const char SignE = '\u0AC7';
    private const char SignAi = '\u0AC8';
    private const char SignO = '\u0ACB';
    private const char SignAu = '\u0ACC';

    // Old fonts and some keyboards build independent vowels from અ plus a sign, and ો from ા plus ે.
    // These are the Gujarati rows of Lucene's IndicNormalizer, after candra signs have been folded.
    private static bool TryCompose(char previous, char sign, out char composed)
    {
        composed = (previous, sign) switch
        {
            (LetterA, SignAa) => LetterAa,
            (LetterA, SignE) => '\u0A8F',
            (LetterA, SignAi) => '\u0A90',
            (LetterA, SignO) => '\u0A93',
            (LetterA, SignAu) => '\u0A94',
            (LetterAa, SignE) => '\u0A93',
            (LetterAa, SignAi) => '\u0A94',
            (SignAa, SignE) => SignO,
            (SignAa, SignAi) => SignAu,
            _ => '\0',
        };
        return composed != '\0';
    }

    // A half nasal before a stop is pronounced as, and often written as, anusvara: બેન્ક/બેંક, હિન્દી/હિંદી.
    // ન is the nasal writers use before any stop (બેન્ક has ન before a velar), so it assimilates
    // before all of them; the other nasals only before their own class, where the spelling is unambiguous.
    private static bool NasalAssimilates(char nasal, char next) => nasal switch
    {
        '\u0AA8' => IsStop(next),
        '\u0A99' => next >= '\u0A95' && next <= '\u0A98',
        '\u0A9E' => next >= '\u0A9A' && next <= '\u0A9D',
        '\u0AA3' => next >= '\u0A9F' && next <= '\u0AA2',
        '\u0AAE' => next >= '\u0AAA' && next <= '\u0AAD',
        _ => false,
    };

    // The 20 non-nasal stops: four per class in ક..ભ, skipping each class's nasal (ઙ ઞ ણ ન મ).
    private static bool IsStop(char c) =>
        c >= '\u0A95' && c <= '\u0AAD' && c != '\u0A99' && c != '\u0A9E' && c != '\u0AA3' && c != '\u0AA8';
}
