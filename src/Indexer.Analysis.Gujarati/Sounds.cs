namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Reads a word in either script into the sounds <see cref="GujaratiPhoneticKey"/> keys: consonants as Gujarati
/// consonant letters, vowels as the five independent vowels અ ઇ ઉ એ ઓ (length dropped), ં for a nasal mark,
/// digits as themselves.
/// </summary>
internal static class Sounds
{
    public const char A = '\u0A85';
    public const char I = '\u0A87';
    public const char U = '\u0A89';
    public const char E = '\u0A8F';
    public const char O = '\u0A93';

    /// <summary>
    /// The vowel a Gujarati consonant carries when no sign follows it (ન in રાયનને): a, as a key writes it, but
    /// told apart from a written a because no ending begins with it. Gujarati writes the vowel of every ending
    /// (ના, માં, થી), so the stemming of sounds never takes ન or મ with an unwritten a for one. An unassigned
    /// code point of the Gujarati block, never seen in a term.
    /// </summary>
    public const char InherentA = '\u0A84';
    public const char Anusvara = '\u0A82';
    public const char Ka = '\u0A95';
    public const char Ya = '\u0AAF';
    public const char Ha = '\u0AB9';

    private const char Kha = '\u0A96';
    private const char Ga = '\u0A97';
    private const char Gha = '\u0A98';
    private const char Ca = '\u0A9A';
    private const char Cha = '\u0A9B';
    private const char Ja = '\u0A9C';
    private const char Jha = '\u0A9D';
    private const char Nya = '\u0A9E';
    private const char Ta = '\u0AA4';
    private const char Tha = '\u0AA5';
    private const char Da = '\u0AA6';
    private const char Dha = '\u0AA7';
    private const char Na = '\u0AA8';
    private const char Pa = '\u0AAA';
    private const char Pha = '\u0AAB';
    private const char Ba = '\u0AAC';
    private const char Bha = '\u0AAD';
    private const char Ma = '\u0AAE';
    private const char Ra = '\u0AB0';
    private const char La = '\u0AB2';
    private const char Va = '\u0AB5';
    private const char Sha = '\u0AB6';
    private const char Sa = '\u0AB8';
    private const char Virama = '\u0ACD';

    public static bool IsVowel(char sound) => sound is A or I or U or E or O or InherentA;

    public static bool IsConsonant(char sound) => sound >= Ka && sound <= Ha;

    /// <summary>ઙ ઞ ણ ન મ and the anusvara.</summary>
    public static bool IsNasal(char sound) => sound is '\u0A99' or Nya or '\u0AA3' or Na or Ma or Anusvara;

    /// <summary>The stops and affricates ક..ભ, nasals excepted.</summary>
    public static bool IsStop(char sound) => sound >= Ka && sound <= Bha && !IsNasal(sound);

    public static char VowelLetter(char sound) => sound switch
    {
        I => 'i',
        U => 'u',
        E => 'e',
        O => 'o',
        _ => 'a',
    };

    /// <summary>Reads the sounds of <paramref name="term"/> into <paramref name="sink"/>.</summary>
    public static void Read(ReadOnlySpan<char> term, ref SoundSink sink, bool english)
    {
        int i = 0;
        while (i < term.Length)
        {
            char c = term[i];
            if (c >= Ka && c <= Ha)
            {
                i = ReadConsonant(term, i, ref sink);
            }
            else if (GujaratiNormalizer.IsGujarati(c))
            {
                WriteVowel(c, ref sink);
                i++;
            }
            else if (IsLatinLetter(c))
            {
                int end = i;
                while (end < term.Length && IsLatinLetter(term[end]))
                {
                    end++;
                }
                ReadLatin(term, i, end, ref sink, english);
                i = end;
            }
            else
            {
                if (char.IsAsciiDigit(c))
                {
                    sink.Add(c);
                }
                i++;
            }
        }
    }

    // A consonant, then its vowel: the matra, none after a virama, otherwise the inherent a.
    private static int ReadConsonant(ReadOnlySpan<char> term, int i, ref SoundSink sink)
    {
        if (term[i] == Ja && i + 2 < term.Length && term[i + 1] == Virama && term[i + 2] == Nya)
        {
            // જ્ઞ is said, and typed, gn or gy (vaignanik, vaigyanik: વૈજ્ઞાનિક).
            sink.Add(Ga);
            sink.Add(Na);
            i += 2;
        }
        else
        {
            sink.Add(term[i]);
        }
        char next = i + 1 < term.Length ? term[i + 1] : '\0';
        if (next == Virama)
        {
            return i + 2;
        }
        if (next >= '\u0ABE' && next <= '\u0ACC' || next is '\u0AE2' or '\u0AE3')
        {
            WriteVowel(next, ref sink);
            return i + 2;
        }
        // The inherent vowel at the end of a word is not said, and Latin typists do not write it (varsad: વરસાદ).
        if (GujaratiNormalizer.IsGujarati(next))
        {
            sink.Add(InherentA);
        }
        return i + 1;
    }

    private static void WriteVowel(char c, ref SoundSink sink)
    {
        switch (c)
        {
            case '\u0A85' or '\u0A86' or '\u0ABE':
                sink.Add(A);
                break;
            case '\u0A87' or '\u0A88' or '\u0ABF' or '\u0AC0':
                sink.Add(I);
                break;
            case '\u0A89' or '\u0A8A' or '\u0AC1' or '\u0AC2':
                sink.Add(U);
                break;
            case '\u0A8D' or '\u0A8F' or '\u0A90' or '\u0AC5' or '\u0AC7' or '\u0AC8':
                sink.Add(E);
                break;
            case '\u0A91' or '\u0A93' or '\u0A94' or '\u0AC9' or '\u0ACB' or '\u0ACC':
                sink.Add(O);
                break;
            case '\u0A8B' or '\u0AE0' or '\u0AC3' or '\u0AC4':
                // Vocalic r is typed ri or ru (pruthvi, prithvi: પૃથ્વી).
                sink.Add(Ra);
                sink.Add(I);
                break;
            case '\u0A8C' or '\u0AE1' or '\u0AE2' or '\u0AE3':
                sink.Add(La);
                sink.Add(I);
                break;
            case '\u0A81' or Anusvara:
                sink.Add(Anusvara);
                break;
        }
        // Visarga, nukta, avagraha and the rest carry no sound a typist writes.
    }

    private static bool IsLatinLetter(char c) => char.IsAsciiLetter(c) || (c >= '\u00C0' && c <= '\u024F' && char.IsLetter(c));

    // Latin typed for Gujarati: digraphs first (chh, kh, sh, aa, oo), then single letters. With english, the
    // spelling rules names and loanwords bring (cinema, phone, taxi, queen, station, television, knife).
    private static void ReadLatin(ReadOnlySpan<char> term, int start, int end, ref SoundSink sink, bool english)
    {
        var word = term[start..end];
        int i = 0;
        if (english && start == 0 && word.Length > 2 && IsSilentFirst(At(word, 0), At(word, 1)))
        {
            i = 1;
        }
        while (i < word.Length)
        {
            char c = At(word, i);
            char n1 = At(word, i + 1);
            char n2 = At(word, i + 2);
            int used = 1;
            switch (c)
            {
                case 'a':
                    sink.Add(n1 is 'i' or 'e' ? E : n1 == 'u' ? O : A);
                    used = n1 is 'a' or 'i' or 'e' or 'u' ? 2 : 1;
                    break;
                case 'e':
                    if (n1 is 'u' or 'w' && english)
                    {
                        sink.Add(Ya);
                        sink.Add(U);
                        used = 2;
                        break;
                    }
                    sink.Add(n1 is 'e' or 'a' ? I : E);
                    used = n1 is 'e' or 'a' or 'i' ? 2 : 1;
                    break;
                case 'i':
                    sink.Add(I);
                    used = n1 is 'i' or 'e' ? 2 : 1;
                    break;
                case 'o':
                    sink.Add(n1 is 'o' or 'u' ? U : O);
                    used = n1 is 'o' or 'u' or 'a' ? 2 : 1;
                    break;
                case 'u':
                    sink.Add(U);
                    used = n1 == 'u' ? 2 : 1;
                    break;
                case 'b':
                    if (n1 == 'h') { sink.Add(Bha); used = 2; } else { sink.Add(Ba); }
                    break;
                case 'c':
                    if (n1 == 'h' || (n1 == 'c' && n2 == 'h'))
                    {
                        // ch is ચ, chh and cch are છ (machhar, macchar: મચ્છર).
                        bool aspirated = n1 == 'c' || n2 == 'h';
                        sink.Add(aspirated ? Cha : Ca);
                        used = n1 == 'c' || n2 == 'h' ? 3 : 2;
                    }
                    else if (!english)
                    {
                        sink.Add(Ka);
                    }
                    else if (n1 == 'k')
                    {
                        sink.Add(Ka);
                        used = 2;
                    }
                    else if (n1 == 'c' && n2 is 'e' or 'i' or 'y')
                    {
                        sink.Add(Ka);
                        sink.Add(Sa);
                        used = 2;
                    }
                    else
                    {
                        sink.Add(n1 is 'e' or 'i' or 'y' ? Sa : Ka);
                    }
                    break;
                case 'd':
                    if (n1 == 'h') { sink.Add(Dha); used = 2; } else { sink.Add(Da); }
                    break;
                case 'f':
                    sink.Add(Pha);
                    break;
                case 'g':
                    if (n1 == 'h')
                    {
                        sink.Add(Gha);
                        used = 2;
                    }
                    else if (n1 == 'y' && IsLatinVowel(n2))
                    {
                        // gy before a vowel is જ્ઞ, which is read gn (gyan, gnan: જ્ઞાન).
                        sink.Add(Ga);
                        sink.Add(Na);
                        used = 2;
                    }
                    else
                    {
                        sink.Add(Ga);
                    }
                    break;
                case 'h':
                    sink.Add(Ha);
                    break;
                case 'j':
                    if (n1 == 'h') { sink.Add(Jha); used = 2; } else { sink.Add(Ja); }
                    break;
                case 'k':
                    if (n1 == 'h') { sink.Add(Kha); used = 2; } else { sink.Add(Ka); }
                    break;
                case 'l':
                    sink.Add(La);
                    break;
                case 'm':
                    sink.Add(Ma);
                    break;
                case 'n':
                    sink.Add(Na);
                    break;
                case 'p':
                    if (n1 == 'h') { sink.Add(Pha); used = 2; } else { sink.Add(Pa); }
                    break;
                case 'q':
                    sink.Add(Ka);
                    if (english && n1 == 'u')
                    {
                        sink.Add(Va);
                        used = 2;
                    }
                    break;
                case 'r':
                    sink.Add(Ra);
                    break;
                case 's':
                    if (n1 == 'h')
                    {
                        sink.Add(Sha);
                        used = 2;
                    }
                    else if (english && n1 == 's' && IsIon(word, i + 2))
                    {
                        sink.Add(Sha);
                        used = 3;
                    }
                    else if (english && IsIon(word, i + 1) && i > 0 && IsLatinVowel(At(word, i - 1)))
                    {
                        // vision, television: ટેલિવિઝન.
                        sink.Add(Jha);
                        used = 2;
                    }
                    else
                    {
                        sink.Add(Sa);
                    }
                    break;
                case 't':
                    if (n1 == 'h')
                    {
                        sink.Add(Tha);
                        used = 2;
                    }
                    else if (english && IsIon(word, i + 1))
                    {
                        sink.Add(Sha);
                        used = 2;
                    }
                    else
                    {
                        sink.Add(Ta);
                    }
                    break;
                case 'v':
                    sink.Add(Va);
                    break;
                case 'w':
                    // After a vowel and before none, w is part of the vowel (new, law, bow).
                    if (IsLatinVowel(n1) || i == 0 || !IsLatinVowel(At(word, i - 1)))
                    {
                        sink.Add(Va);
                    }
                    break;
                case 'x':
                    if (english && i == 0)
                    {
                        sink.Add(Jha);
                    }
                    else
                    {
                        // x is also how people type ક્ષ (shixan: શિક્ષણ).
                        sink.Add(Ka);
                        sink.Add(Sa);
                    }
                    break;
                case 'y':
                    // A consonant before a vowel and at the start; otherwise the vowel (germany, city).
                    sink.Add(IsLatinVowel(n1) || i == 0 ? Ya : I);
                    break;
                case 'z':
                    sink.Add(Jha);
                    break;
            }
            i += used;
        }
    }

    private static char At(ReadOnlySpan<char> word, int index) => index < word.Length ? Plain(word[index]) : '\0';

    // i-o-n after s or t: station, mission, vision.
    private static bool IsIon(ReadOnlySpan<char> word, int at) =>
        at + 2 < word.Length && Plain(word[at]) == 'i' && Plain(word[at + 1]) == 'o' && Plain(word[at + 2]) == 'n';

    // Letters English writes but does not say at the start of a word: knife, pneumonia, psychology, tsunami, write.
    private static bool IsSilentFirst(char first, char second) => (first, second) is
        ('k', 'n') or ('p', 'n') or ('p', 's') or ('t', 's') or ('w', 'r');

    private static bool IsLatinVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    // Accented Latin letters as the plain letters people type for them (erdoğan, pelé, müller).
    private static char Plain(char c)
    {
        c = char.ToLowerInvariant(c);
        return c switch
        {
            >= 'à' and <= 'å' => 'a',
            'ç' or 'ć' or 'č' => 'c',
            >= 'è' and <= 'ë' => 'e',
            >= 'ì' and <= 'ï' or 'ı' => 'i',
            'ñ' or 'ń' => 'n',
            >= 'ò' and <= 'ö' or 'ø' => 'o',
            >= 'ù' and <= 'ü' => 'u',
            'ý' or 'ÿ' => 'y',
            'ğ' => 'g',
            'ş' or 'š' or 'ś' => 's',
            'ž' or 'ź' or 'ż' => 'z',
            _ => c,
        };
    }
}

/// <summary>
/// Receives sounds as they are read and applies the rules both scripts share on the way: y goes between a
/// consonant and u and at the start before u (ન્યૂ, new; યુનિવર્સિટી, university), h right after a consonant
/// goes (વ્હાઇટ, white), the glide y between i and a vowel goes (રશિયા, rashia) or, with glides kept, is added
/// (rashia, રશિયા), and, with nasals folded as written, a nasal before a stop goes. A y or a nasal waits for the
/// sound after it.
/// </summary>
internal ref struct SoundSink(Span<char> output, bool dropGlides, bool writtenNasals)
{
    private readonly Span<char> _output = output;
    private int _length;
    private char _pending;

    /// <summary>Consonant sounds written so far.</summary>
    public int Consonants { get; private set; }

    public void Add(char sound)
    {
        if (_pending != '\0')
        {
            char pending = _pending;
            _pending = '\0';
            Decide(pending, sound);
        }
        if (sound == Sounds.Ya || (writtenNasals && Sounds.IsNasal(sound)))
        {
            _pending = sound;
            return;
        }
        Commit(sound);
    }

    /// <summary>Writes the sound still waiting and returns how many sounds were written.</summary>
    public int Finish()
    {
        if (_pending != '\0')
        {
            char pending = _pending;
            _pending = '\0';
            Decide(pending, '\0');
        }
        return _length;
    }

    private readonly char Last => _length > 0 ? _output[_length - 1] : '\0';

    private void Decide(char pending, char next)
    {
        if (pending == Sounds.Ya)
        {
            if (next == Sounds.U && (_length == 0 || Sounds.IsConsonant(Last)))
            {
                return;
            }
            if (dropGlides && Last == Sounds.I && Sounds.IsVowel(next))
            {
                return;
            }
        }
        else if (Sounds.IsStop(next))
        {
            return;
        }
        Commit(pending);
    }

    private void Commit(char sound)
    {
        if (sound == Sounds.Ha && Sounds.IsConsonant(Last))
        {
            return;
        }
        if (!dropGlides && Last == Sounds.I && Sounds.IsVowel(sound))
        {
            Write(Sounds.Ya);
        }
        Write(sound);
    }

    private void Write(char sound)
    {
        _output[_length++] = sound;
        if (Sounds.IsConsonant(sound))
        {
            Consonants++;
        }
    }
}
