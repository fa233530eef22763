namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>
/// The phonetic keys: a word in either script → the key the default analyzer writes for it, and the Latin
/// typings and Gujarati spellings that must meet.
/// </summary>
public class PhoneticKeyGoldenTests
{
    private static readonly GujaratiPhoneticAnalyzer Analyzer = new();

    [Theory]
    // the consonant skeleton, a word-initial vowel written as "a"
    [InlineData("વરસાદ", "vrsd")]
    [InlineData("લિવરપૂલ", "lvrpl")]
    [InlineData("અમદાવાદ", "advd")]
    [InlineData("જ્વાળામુખી", "jvlk")]
    [InlineData("ટ્રમ્પ", "trp")]
    [InlineData("યુનિવર્સિટી", "anvrs")]
    // a skeleton of two consonants or fewer stands for too many words: the key keeps vowels and nasals
    [InlineData("કિમ", "kim")]
    [InlineData("કામ", "km")]
    [InlineData("જોંગ", "jog")]
    [InlineData("ઉન", "un")]
    [InlineData("ધોની", "don")]
    [InlineData("વ્હાઇટ", "vit")]
    // aspiration, retroflexion and the sibilants folded; ક્ષ is ks; જ્ઞ is gn
    [InlineData("ભારત", "brt")]
    [InlineData("શિક્ષણ", "sksn")]
    [InlineData("વૈજ્ઞાનિક", "vgnk")]
    [InlineData("વાવાઝોડું", "vjd")]
    // the endings Gujarati joins to a word are stripped from its sounds
    [InlineData("રશિયા", "rs")]
    [InlineData("રશિયાના", "rs")]
    [InlineData("રશિયામાં", "rs")]
    [InlineData("વરસાદમાં", "vrsd")]
    [InlineData("ઉનએ", "un")]
    [InlineData("નેતાઓના", "net")]
    // y before u after a consonant or at the start, h after a consonant, the glide after i
    [InlineData("ન્યૂઝીલેન્ડ", "njld")]
    [InlineData("કોરિયા", "kor")]
    // digits and Latin words are keyed too: a query may be a number or a Latin word
    [InlineData("૨૦૧૮", "2018")]
    [InlineData("COVID-19", "kvd 19")]
    [InlineData("eBay", "eb")]
    public void A_word_gets_its_key(string word, string keys)
    {
        Assert.Equal(keys, string.Join(' ', Analyzer.Keys(word)));
    }

    [Theory]
    // casual phonetic typing
    [InlineData("rashiya", "રશિયાના")]
    [InlineData("rashia", "રશિયા")]
    [InlineData("kim", "કિમ")]
    [InlineData("jong", "જોંગ")]
    [InlineData("un", "ઉનએ")]
    [InlineData("varsad", "વરસાદ")]
    [InlineData("varsaad", "વરસાદની")]
    [InlineData("warsad", "વરસાદ")]
    [InlineData("amdavad", "અમદાવાદ")]
    [InlineData("amdavadma", "અમદાવાદમાં")]
    [InlineData("jwalamukhi", "જ્વાળામુખી")]
    [InlineData("jvalamukhee", "જ્વાળામુખીના")]
    [InlineData("chutni", "ચૂંટણી")]
    [InlineData("chuntni", "ચૂંટણીમાં")]
    [InlineData("parinam", "પરિણામ")]
    [InlineData("mukhyamantri", "મુખ્યમંત્રી")]
    [InlineData("vavazodu", "વાવાઝોડું")]
    [InlineData("vavajodu", "વાવાઝોડાની")]
    [InlineData("bharat", "ભારતમાં")]
    [InlineData("barat", "ભારત")]
    [InlineData("dhoni", "ધોની")]
    [InlineData("doni", "ધોની")]
    [InlineData("shikshan", "શિક્ષણ")]
    [InlineData("sikshan", "શિક્ષણ")]
    [InlineData("shixan", "શિક્ષણ")]
    [InlineData("vaigyanik", "વૈજ્ઞાનિક")]
    [InlineData("vaignanik", "વૈજ્ઞાનિકો")]
    [InlineData("machhar", "મચ્છર")]
    [InlineData("macchar", "મચ્છર")]
    [InlineData("pruthvi", "પૃથ્વી")]
    [InlineData("prithvi", "પૃથ્વીની")]
    [InlineData("kshamta", "ક્ષમતા")]
    [InlineData("vidyarthi", "વિદ્યાર્થીઓ")]
    // names and loanwords in their English spelling
    [InlineData("liverpool", "લિવરપૂલ")]
    [InlineData("chelsea", "ચેલ્સી")]
    [InlineData("trump", "ટ્રંપ")]
    [InlineData("tennis", "ટેનિસ")]
    [InlineData("cancer", "કેન્સર")]
    [InlineData("erdogan", "એર્દોગન")]
    [InlineData("tsunami", "સુનામી")]
    [InlineData("university", "યુનિવર્સિટી")]
    [InlineData("europe", "યુરોપ")]
    [InlineData("television", "ટેલિવિઝન")]
    [InlineData("station", "સ્ટેશન")]
    [InlineData("white", "વ્હાઇટ")]
    [InlineData("newzealand", "ન્યૂઝીલેન્ડ")]
    [InlineData("kavanaugh", "કાવાનૌઘ")]
    [InlineData("indonesia", "ઇન્ડોનેશિયા")]
    [InlineData("facebook", "ફેસબુક")]
    public void Latin_typing_meets_the_gujarati_word(string latin, string gujarati)
    {
        Assert.Equal(Key(gujarati), Key(latin));
    }

    [Theory]
    // a short word's rank key keeps every vowel, final ones too, and still strips the endings
    [InlineData("rashiya", "રશિયાના")]
    [InlineData("rashia", "રશિયા")]
    [InlineData("rasiya", "રશિયામાં")]
    [InlineData("rashiyaa", "રશિયાએ")]
    [InlineData("ras", "રસ")]
    public void A_short_latin_word_ranks_by_the_word_it_spells(string latin, string gujarati)
    {
        Assert.NotNull(RankKey(latin));
        Assert.Equal(RankKey(gujarati), RankKey(latin));
    }

    [Theory]
    // રશિયા, રસ (juice), રસી (vaccine) and રસોઈ (cooking) share the key rs; typing rashiya means the first
    [InlineData("rashiya", "રસ")]
    [InlineData("rashiya", "રસી")]
    [InlineData("rashiya", "રસોઈની")]
    [InlineData("ras", "રસીના")]
    public void Words_that_share_a_short_key_rank_apart(string latin, string gujarati)
    {
        Assert.Equal(Key(gujarati), Key(latin));
        Assert.NotEqual(RankKey(gujarati), RankKey(latin));
    }

    [Theory]
    // a skeleton of three consonants or more, or a key of three letters or more, names few enough words
    [InlineData("વરસાદ")]
    [InlineData("liverpool")]
    [InlineData("કોરિયા")]
    [InlineData("kim")]
    public void A_word_whose_key_names_it_has_no_rank_key(string word)
    {
        Assert.Null(Assert.Single(Analyzer.Words(word)).RankKey);
    }

    [Theory]
    // vowel length, ૌ/ો, anusvara or nasal conjunct, ૃ or ્ર, candra vowels: spellings of one name
    [InlineData("કાવાનૌઘ", "કાવાનોઘ")]
    [InlineData("ટ્રમ્પ", "ટ્રંપ")]
    [InlineData("ઓસ્ટ્રેલિયા", "ઑસ્ટ્રેલિયા")]
    [InlineData("કૃષ્ણ", "ક્રિષ્ણ")]
    [InlineData("વર્જિનિયા", "વર્જીનિયા")]
    [InlineData("ઇન્ટરનેટ", "ઈન્ટરનેટ")]
    [InlineData("સ્કોટલેન્ડ", "સ્કોટલેંડ")]
    public void Gujarati_spellings_of_a_name_meet(string one, string other)
    {
        Assert.Equal(Analyzer.Keys(one), Analyzer.Keys(other));
    }

    [Theory]
    // a short word keeps its vowels, so it does not meet every word with its consonants
    [InlineData("kim", "કામ")]
    [InlineData("kim", "કેમ")]
    [InlineData("koriya", "કર")]
    [InlineData("un", "અને")]
    public void Short_words_do_not_meet_every_word_with_their_consonants(string latin, string gujarati)
    {
        Assert.NotEqual(Analyzer.Keys(gujarati), Analyzer.Keys(latin));
    }

    [Theory]
    [InlineData("અને")]
    [InlineData("છે")]
    [InlineData("માટે")]
    [InlineData("કરે")]
    [InlineData("એક")]
    [InlineData("ન")]
    public void Function_words_and_one_letter_keys_get_no_key(string word)
    {
        Assert.Empty(Analyzer.Keys(word));
    }

    [Theory]
    [InlineData("rashiya", true, false)]
    [InlineData("COVID-19", true, false)]
    [InlineData("રશિયા", false, true)]
    [InlineData("kim રશિયા", false, false)]
    [InlineData("eBayએ", false, false)]
    [InlineData("2018", false, false)]
    public void Latin_text_is_told_from_gujarati(string text, bool latin, bool gujarati)
    {
        Assert.Equal(latin, GujaratiPhoneticKey.IsLatin(text));
        Assert.Equal(gujarati, GujaratiPhoneticKey.IsGujarati(text));
    }

    private static string Key(string word) => Assert.Single(Analyzer.Keys(word));

    private static string? RankKey(string word) => Assert.Single(Analyzer.Words(word)).RankKey;
}
