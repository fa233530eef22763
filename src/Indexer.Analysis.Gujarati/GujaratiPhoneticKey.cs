namespace Indexer.Analysis.Gujarati;

/// <summary>
/// A loose Latin key for a word, the same whether the word is written in Gujarati script (રશિયાના) or typed in
/// Latin letters the way people type Gujarati (rashiya, rashia) or spell a name in English (liverpool for
/// લિવરપૂલ). A field of keys lets Latin queries find Gujarati articles, and spellings of a name that the
/// normaliser cannot fold (કાવાનૌઘ, કાવાનોઘ) find each other.
/// </summary>
/// <remarks>
/// <para>Both scripts are first read into the same sounds, written as Gujarati letters: a consonant letter per
/// consonant, અ ઇ ઉ એ ઓ for the five vowel classes (long and short together), ં for a nasal mark. Gujarati
/// gives its letters, the vowel of each matra and the inherent vowel of a consonant without virama (except at
/// the end of a word, where nobody says or types it); Latin is read digraph by digraph (kh, chh, sh, aa, ee, oo)
/// and, for names, by a few English spelling rules (c before e/i, ph, x, -tion). Rules then apply to the sounds
/// from either script alike: y goes between a consonant and u (ન્યૂ, new) and at the start before u
/// (યુનિવર્સિટી, university), h right after a consonant goes (વ્હાઇટ, white), the glide y between i and a vowel
/// goes (રશિયા, rashia), and the endings Gujarati joins to words are stripped (રશિયાના, rashiyana).</para>
/// <para>The key is then what casual typing keeps: consonants with aspiration, retroflexion and the three
/// sibilants folded, doubled letters once, and, depending on the options, the vowels and nasals. Every fold is
/// an option (<see cref="GujaratiPhoneticKeyOptions"/>), chosen by measurement on a development set of
/// romanized queries; <see cref="GujaratiPhoneticAnalyzer"/> writes a key to match by for every word, and for
/// short words a key with every vowel to rank by.</para>
/// <para>Input is a normalised term (lowercase, Gujarati digits as ASCII: see <see cref="GujaratiNormalizer"/>),
/// not stemmed. Instances are immutable and can be shared between threads.</para>
/// </remarks>
public sealed class GujaratiPhoneticKey
{
    /// <summary>The key with the default options.</summary>
    public static GujaratiPhoneticKey Default { get; } = new(new GujaratiPhoneticKeyOptions());

    /// <summary>Creates a key with explicit folds.</summary>
    /// <param name="options">The folds.</param>
    public GujaratiPhoneticKey(GujaratiPhoneticKeyOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _english = options.EnglishSpelling;
        _stem = options.Stem;
        _keepFinalVowels = options.KeepFinalVowels;
        _dropGlides = options.DropGlides;
        _writtenNasals = options.Nasals == KeyNasals.Written;
        _vowels = options.Vowels;
        _nasals = options.Nasals;
        // The letters of each consonant under these folds, worked out once: the key is written for every word.
        for (char c = Sounds.Ka; c <= Sounds.Ha; c++)
        {
            int i = (c - Sounds.Ka) * 2;
            char letter = ConsonantTable[c - Sounds.Ka];
            if (!options.MergeRetroflex && IsRetroflex(c))
            {
                letter = char.ToUpperInvariant(letter);
            }
            if (!options.MergeSibilants && c is '\u0AB6' or '\u0AB7')
            {
                letter = 'S';
            }
            if (!options.MergeZWithJ && c == '\u0A9D')
            {
                letter = 'z';
            }
            _letters[i] = letter;
            _letters[i + 1] = !options.MergeAspirates && IsAspirated(c) && letter != 'z' ? 'h' : '\0';
        }
    }

    /// <summary>The folds this key applies.</summary>
    public GujaratiPhoneticKeyOptions Options { get; }

    /// <summary>Whether <paramref name="text"/> is written in Latin letters: it has one, and no Gujarati letter.</summary>
    /// <param name="text">A word or words.</param>
    public static bool IsLatin(ReadOnlySpan<char> text) => Scripts(text) == (true, false);

    /// <summary>Whether <paramref name="text"/> is written in Gujarati letters: it has one, and no Latin letter.</summary>
    /// <param name="text">A word or words.</param>
    public static bool IsGujarati(ReadOnlySpan<char> text) => Scripts(text) == (false, true);

    private static (bool Latin, bool Gujarati) Scripts(ReadOnlySpan<char> text)
    {
        bool latin = false;
        bool gujarati = false;
        foreach (char c in text)
        {
            latin |= char.IsAsciiLetter(c);
            gujarati |= GujaratiNormalizer.IsGujarati(c);
        }
        return (latin, gujarati);
    }

    /// <summary>The room <see cref="Write"/> needs in each of its buffers for a term of <paramref name="termLength"/> characters.</summary>
    /// <param name="termLength">Length of the term.</param>
    public static int BufferLength(int termLength) => termLength * 4 + 4;

    /// <summary>The key of <paramref name="term"/> (empty when it has no letter or digit).</summary>
    /// <param name="term">A normalised, and if Gujarati stemmed, term.</param>
    public string Of(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var key = new char[BufferLength(term.Length)];
        var scratch = new char[BufferLength(term.Length)];
        return new string(key, 0, Write(term, key, scratch));
    }

    /// <summary>Writes the key of <paramref name="term"/> into <paramref name="key"/> and returns its length.</summary>
    /// <param name="term">A normalised, and if Gujarati stemmed, term.</param>
    /// <param name="key">Receives the key; at least <see cref="BufferLength"/> characters.</param>
    /// <param name="scratch">Working space of the same size; its contents are overwritten.</param>
    public int Write(ReadOnlySpan<char> term, Span<char> key, Span<char> scratch)
    {
        int sounds = ReadSounds(term, scratch);
        return WriteFromSounds(scratch[..sounds], key);
    }

    /// <summary>
    /// The first half of <see cref="Write"/>: the sounds of <paramref name="term"/>, after the sound rules and the
    /// stemming, into <paramref name="sounds"/>. Keys that <see cref="ReadsAlike"/> can share them.
    /// </summary>
    internal int ReadSounds(ReadOnlySpan<char> term, Span<char> sounds) =>
        Stem(sounds, ReadUnstemmed(term, sounds, out int consonants), consonants);

    /// <summary>
    /// The sounds of <paramref name="term"/> after the sound rules, before the stemming (<see cref="Stem"/>), which
    /// only shortens them: keys that <see cref="ReadsUnstemmedAlike"/> stem one reading each their own way.
    /// </summary>
    internal int ReadUnstemmed(ReadOnlySpan<char> term, Span<char> sounds, out int consonants)
    {
        var sink = new SoundSink(sounds, _dropGlides, _writtenNasals);
        Sounds.Read(term, ref sink, _english);
        int count = sink.Finish();
        consonants = sink.Consonants;
        return count;
    }

    /// <summary>How many of the sounds from <see cref="ReadUnstemmed"/> this key keeps.</summary>
    internal int Stem(ReadOnlySpan<char> sounds, int length, int consonants) =>
        _stem ? StemSounds(sounds, length, consonants, _keepFinalVowels) : length;

    // The consonant-bearing endings of GujaratiStemmer's lists, by the key letter of their consonant so both
    // scripts strip alike whatever the typist did with aspiration or retroflexion: n + any vowel (ના ની નું નો
    // ને નાં, and ણ the same, as Latin cannot tell them apart), m + a (માં, typed ma), t + i (થી), v + any
    // vowel (વું વા વી). A plural ઓ and other final vowels go by themselves. At most four rounds, and never
    // below two letters, as in the stemmer. The vowels left at the end go too, unless kept.
    // What Gujarati letters tell and Latin cannot keeps a root's last consonant from going as an ending, so the
    // bare word (રાયન, ઉદાહરણ, typed rayan, udaharan) keys as its inflected forms do:
    // - A silent inherent a, after a consonant that follows a vowel (રાયનને, ધ્યાનમાં: said, and typed, rayanne,
    //   dhyanma), is the end of the root, since every ending writes its vowel. After a cluster the a is said
    //   (લગ્નમાં, જર્મની: typed lagna, jarmani) and goes as the a of an ending would, as the Latin side does.
    // - ણ before ો or ે is a root's last letter with the plural or oblique (ઉદાહરણો, કારણે): the case endings
    //   are written with ન. Before ી and the rest it still goes (ચૂંટણી, typed chutni, keys as ચૂંટ), and the
    //   root it leaves is stripped as the Latin side strips it, inherent a or not (સુનાવણી, sunavani).
    private static int StemSounds(ReadOnlySpan<char> sounds, int length, int consonants, bool keepFinalVowels)
    {
        // Letters as GujaratiStemmer counts them: consonants, and a word-initial vowel.
        int letters = consonants + (length > 0 && Sounds.IsVowel(sounds[0]) ? 1 : 0);
        bool inRoot = false;
        for (int round = 0; round < 4; round++)
        {
            int end = length;
            while (end > 1 && (Sounds.IsVowel(sounds[end - 1]) || sounds[end - 1] == Sounds.Anusvara))
            {
                end--;
            }
            if (end == length || !Sounds.IsConsonant(sounds[end - 1]))
            {
                return keepFinalVowels ? WithoutVowelEnding(sounds, length, inRoot) : end;
            }
            char consonant = sounds[end - 1];
            char letter = ConsonantTable[consonant - Sounds.Ka];
            char vowel = sounds[end];
            bool silent = IsSilent(sounds, end, inRoot);
            bool rootLetter = consonant == RetroflexNa && vowel is Sounds.O or Sounds.E;
            vowel = vowel == Sounds.InherentA ? Sounds.A : vowel;
            bool ending = !silent && !rootLetter && letter switch
            {
                'n' or 'v' => true,
                'm' => vowel == Sounds.A,
                't' => vowel == Sounds.I,
                _ => false,
            };
            if (!ending || letters - 1 < 2)
            {
                return keepFinalVowels ? WithoutVowelEnding(sounds, length, inRoot) : end;
            }
            inRoot |= consonant == RetroflexNa;
            letters--;
            length = end - 1;
        }
        return length;
    }

    private const char RetroflexNa = '\u0AA3';

    // Whether the sound at vowel is an inherent a that is not said: after a consonant that follows a vowel, and
    // not inside a root whose ending was part of it (see StemSounds).
    private static bool IsSilent(ReadOnlySpan<char> sounds, int vowel, bool inRoot) =>
        sounds[vowel] == Sounds.InherentA && !inRoot && vowel >= 2 && Sounds.IsVowel(sounds[vowel - 2]);

    // The endings that are a vowel alone, where a key keeps final vowels: એ and ઓ after the vowel a word ends in
    // (રશિયાએ, નેતાઓ), which no one types with the word; and a silent inherent a left last by an ending, as at
    // the end of any word (જાતને: jat, as જાત). A said one stays, as typists write it (યુદ્ધમાં, yuddha).
    private static int WithoutVowelEnding(ReadOnlySpan<char> sounds, int length, bool inRoot) =>
        length > 2 && IsSilent(sounds, length - 1, inRoot) ? length - 1
        : length > 2 && sounds[length - 1] is Sounds.E or Sounds.O && Sounds.IsVowel(sounds[length - 2]) ? length - 1 : length;

    /// <summary>The second half of <see cref="Write"/>: the key of sounds from <see cref="ReadSounds"/>.</summary>
    /// <remarks>
    /// One pass: letters are folded as they are written, and a nasal waits for the letter after it to know
    /// whether it stays (see <see cref="KeyNasals"/>); doubled letters are written once.
    /// </remarks>
    internal int WriteFromSounds(ReadOnlySpan<char> sounds, Span<char> key)
    {
        var writer = new LetterWriter(key, _nasals);
        for (int r = 0; r < sounds.Length; r++)
        {
            char sound = sounds[r];
            if (Sounds.IsVowel(sound))
            {
                char vowel = Sounds.VowelLetter(sound);
                if (_vowels == KeyVowels.Every)
                {
                    writer.Add(vowel);
                }
                else if (r == 0)
                {
                    if (_vowels is KeyVowels.Initial or KeyVowels.All)
                    {
                        writer.Add(vowel);
                    }
                    else if (_vowels == KeyVowels.InitialPresence)
                    {
                        writer.Add('a');
                    }
                }
                else if (_vowels == KeyVowels.All && vowel != 'a' && r != sounds.Length - 1)
                {
                    writer.Add(vowel);
                }
            }
            else if (sound == Sounds.Anusvara)
            {
                writer.Add(NasalMark);
            }
            else if (char.IsAsciiDigit(sound))
            {
                writer.Add(sound);
            }
            else
            {
                int index = (sound - Sounds.Ka) * 2;
                writer.Add(_letters[index]);
                if (_letters[index + 1] != '\0')
                {
                    writer.Add(_letters[index + 1]);
                }
            }
        }
        return writer.Finish();
    }

    /// <summary>Whether this key reads words into the same sounds as <paramref name="other"/>.</summary>
    internal bool ReadsAlike(GujaratiPhoneticKey other) =>
        ReadsUnstemmedAlike(other) && _stem == other._stem && _keepFinalVowels == other._keepFinalVowels;

    /// <summary>Whether this key reads words into the same sounds as <paramref name="other"/> before stemming them.</summary>
    internal bool ReadsUnstemmedAlike(GujaratiPhoneticKey other) =>
        _english == other._english && _dropGlides == other._dropGlides && _writtenNasals == other._writtenNasals;

    // A nasal before a stop is the anusvara typists write as n, m or nothing (chutni, chuntni, ચૂંટણી; trump,
    // ટ્રંપ); that it cannot be told from a real n in the skeleton (amdavad) is the price of matching both.
    private ref struct LetterWriter(Span<char> key, KeyNasals nasals)
    {
        private readonly Span<char> _key = key;
        private int _length;
        private int _added;
        private char _nasal;

        public void Add(char letter)
        {
            if (_nasal != '\0')
            {
                char nasal = _nasal;
                _nasal = '\0';
                bool folding = nasals is KeyNasals.Skeleton or KeyNasals.Merge;
                if (!(folding && nasals == KeyNasals.Skeleton && IsStop(letter)))
                {
                    Append(folding && IsConsonantLetter(letter) && !IsNasal(letter) || nasal == NasalMark ? 'n' : nasal);
                }
            }
            // A word's first letter is never folded away; later nasals wait for the next letter.
            if (IsNasal(letter) && _added > 0)
            {
                _nasal = letter;
            }
            else
            {
                Append(letter == NasalMark ? 'n' : letter);
            }
            _added++;
        }

        public int Finish()
        {
            if (_nasal != '\0')
            {
                Append(_nasal == NasalMark ? 'n' : _nasal);
                _nasal = '\0';
            }
            return _length;
        }

        private void Append(char letter)
        {
            if (_length == 0 || _key[_length - 1] != letter)
            {
                _key[_length++] = letter;
            }
        }
    }

    private const char NasalMark = 'M';

    private readonly bool _english;
    private readonly bool _stem;
    private readonly bool _keepFinalVowels;
    private readonly bool _dropGlides;
    private readonly bool _writtenNasals;
    private readonly KeyVowels _vowels;
    private readonly KeyNasals _nasals;

    // Two letters per consonant ક..હ: its letter, and 'h' when aspiration is kept ('\0' otherwise). Without a
    // fold the distinction is written as transliteration schemes do: a capital for retroflex and ś/ṣ, an h for
    // aspiration, z for ઝ, so the ablations show what each fold is worth.
    private readonly char[] _letters = new char[(Sounds.Ha - Sounds.Ka + 1) * 2];

    // Key letters for ક..હ (U+0A95–U+0AB9) with every fold applied; '\0' marks unassigned code points.
    private const string ConsonantTable = "kkggnccjjnttddnttddn\0pfbbmyr\0ll\0vsssh";

    private static bool IsRetroflex(char c) => c is '\u0A9F' or '\u0AA0' or '\u0AA1' or '\u0AA2' or '\u0AA3' or '\u0AB3';

    private static bool IsAspirated(char c) => c is '\u0A96' or '\u0A98' or '\u0A9B' or '\u0A9D' or '\u0AA0' or '\u0AA2' or '\u0AA5' or '\u0AA7' or '\u0AAD';

    private static bool IsNasal(char letter) => letter is 'n' or 'm' or 'N' or NasalMark;

    private static bool IsStop(char letter) => letter is 'k' or 'g' or 'c' or 'j' or 'z' or 't' or 'd' or 'T' or 'D' or 'p' or 'b' or 'f';

    private static bool IsConsonantLetter(char letter) => char.IsAsciiLetter(letter) && letter is not ('a' or 'i' or 'u' or 'e' or 'o');
}
