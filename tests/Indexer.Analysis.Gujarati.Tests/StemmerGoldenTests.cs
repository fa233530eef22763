namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>Word → the single token the default analyzer indexes for it.</summary>
public class StemmerGoldenTests
{
    [Theory]
    // case markers and postpositions on a consonant-final noun
    [InlineData("સરકાર", "સરકાર")]
    [InlineData("સરકારના", "સરકાર")]
    [InlineData("સરકારની", "સરકાર")]
    [InlineData("સરકારનું", "સરકાર")]
    [InlineData("સરકારનો", "સરકાર")]
    [InlineData("સરકારનાં", "સરકાર")]
    [InlineData("સરકારને", "સરકાર")]
    [InlineData("સરકારે", "સરકાર")]
    [InlineData("સરકારમાં", "સરકાર")]
    [InlineData("સરકારથી", "સરકાર")]
    [InlineData("ભારતમાંથી", "ભારત")]
    [InlineData("ઉનએ", "ઉન")]
    [InlineData("ઉનની", "ઉન")]
    // words ending like a vowel sign or suffix meet their inflected forms
    [InlineData("રશિયા", "રશિય")]
    [InlineData("રશિયાના", "રશિય")]
    [InlineData("રશિયાએ", "રશિય")]
    [InlineData("રશિયામાં", "રશિય")]
    [InlineData("અમેરિકા", "અમેરિક")]
    [InlineData("અમેરિકાના", "અમેરિક")]
    [InlineData("ટોક્યો", "ટોક્ય")]
    [InlineData("ટોક્યોમાં", "ટોક્ય")]
    [InlineData("મોદી", "મોદ")]
    [InlineData("મોદીએ", "મોદ")]
    [InlineData("ચૂંટણી", "ચૂંટણ")]
    [InlineData("ચૂંટણીમાં", "ચૂંટણ")]
    // plural, alone and with case
    [InlineData("ચૂંટણીઓ", "ચૂંટણ")]
    [InlineData("નેતા", "નેત")]
    [InlineData("નેતાઓ", "નેત")]
    [InlineData("નેતાઓના", "નેત")]
    [InlineData("નેતાઓએ", "નેત")]
    [InlineData("નેતાઓમાંથી", "નેત")]
    [InlineData("દેશ", "દેશ")]
    [InlineData("દેશો", "દેશ")]
    [InlineData("દેશોમાં", "દેશ")]
    [InlineData("દેશોએ", "દેશ")]
    [InlineData("રાજ્ય", "રાજ્ય")]
    [InlineData("રાજ્યોમાં", "રાજ્ય")]
    // oblique and gender vowels
    [InlineData("છોકરો", "છોકર")]
    [InlineData("છોકરાને", "છોકર")]
    [InlineData("કપડું", "કપડ")]
    [InlineData("કપડાં", "કપડ")]
    // verb endings
    [InlineData("કરવું", "કર")]
    [InlineData("કરવાની", "કર")]
    [InlineData("કરીને", "કર")]
    [InlineData("કરેલા", "કર")]
    [InlineData("લખ્યું", "લખ્ય")]
    [InlineData("લખ્યો", "લખ્ય")]
    // normalisation happens before stemming
    [InlineData("બૅન્કોમાં", "બેંક")]
    [InlineData("હિન્દીમાં", "હિંદ")]
    [InlineData("૧૦મી", "10મ")]
    [InlineData("2024ના", "2024")]
    // short words keep at least two letters
    [InlineData("મા", "મા")]
    [InlineData("દવા", "દવ")]
    [InlineData("સેના", "સેન")]
    [InlineData("સેનાએ", "સેન")]
    [InlineData("ચીની", "ચીન")]
    [InlineData("નાના", "નાન")]
    // must not change
    [InlineData("ભારત", "ભારત")]
    [InlineData("કિમ", "કિમ")]
    [InlineData("જોંગ", "જોંગ")]
    [InlineData("ઉન", "ઉન")]
    [InlineData("દુઃખ", "દુઃખ")]
    [InlineData("covid", "covid")]
    [InlineData("2024", "2024")]
    // protected stems stop the stemmer, also under inflection
    [InlineData("કોરોના", "કોરોના")]
    [InlineData("કોરોનામાં", "કોરોના")]
    [InlineData("ઘટના", "ઘટના")]
    [InlineData("ઘટનાઓ", "ઘટના")]
    [InlineData("યોજનાઓમાં", "યોજના")]
    public void Analyzer_indexes_each_word_as_its_stem(string word, string expected)
    {
        Assert.Equal([expected], Tokens.Of(word));
    }

    [Fact]
    public void Stopwords_when_enabled_are_removed_but_numerals_and_content_words_stay()
    {
        Assert.Equal(["ભારત", "ચીન", "બે", "દેશ"], Tokens.Of("ભારત અને ચીન છે તે બે દેશો", Tokens.WithStopwords));
    }

    [Fact]
    public void Stopwords_are_kept_by_default_so_phrases_match_exactly()
    {
        Assert.Equal(["ભારત", "અન", "ચીન"], Tokens.Of("ભારત અને ચીન"));
    }

    [Fact]
    public void Stopword_list_is_stored_normalised_and_has_no_numerals()
    {
        var list = GujaratiStopwords.Default;
        Assert.InRange(list.Count, 90, 120);
        Assert.Equal(list.Count, list.Distinct().Count());
        Assert.All(list, w => Assert.Equal(GujaratiAnalyzer.NormalizeTerm(w, foldLongVowels: false), w));
        Assert.DoesNotContain(list, w => w is "એક" or "બે" or "ત્રણ" or "ચાર" or "પાંચ" or "છ" or "સો" or "હજાર");
        Assert.All(list, w => Assert.Empty(Tokens.Of(w, Tokens.WithStopwords)));
    }

    [Fact]
    public void Protected_stems_are_stored_normalised()
    {
        Assert.All(GujaratiStemmer.DefaultProtectedStems, w => Assert.Equal(GujaratiAnalyzer.NormalizeTerm(w, foldLongVowels: false), w));
    }

    [Fact]
    public void Stem_exclusion_set_keeps_a_whole_token_unstemmed()
    {
        var exclusions = new Lucene.Net.Analysis.Util.CharArraySet(Lucene.Net.Util.LuceneVersion.LUCENE_48, ["મોદીએ"], false);
        var analyzer = new GujaratiAnalyzer(new GujaratiAnalyzerOptions { StemExclusionSet = exclusions, FoldLongVowels = false });
        Assert.Equal(["મોદીએ", "મોદ"], Tokens.Of("મોદીએ મોદી", analyzer));

        // With folding (the default) the exclusion, written as the word is spelt, still applies.
        var folding = new GujaratiAnalyzer(new GujaratiAnalyzerOptions { StemExclusionSet = exclusions });
        Assert.Equal(["મોદિએ", "મોદ"], Tokens.Of("મોદીએ મોદી", folding));
    }

    [Fact]
    public void Options_switch_off_stemming_and_stopwords()
    {
        var analyzer = new GujaratiAnalyzer(new GujaratiAnalyzerOptions { Stem = false, FoldLongVowels = false });

        Assert.Equal(["રશિયાના", "અને", "બેંકો"], Tokens.Of("રશિયાના અને બૅન્કો", analyzer));
    }

    [Fact]
    public void Folded_vowels_reach_the_stemmer_and_stopwords_consistently()
    {
        var analyzer = new GujaratiAnalyzer(new GujaratiAnalyzerOptions { FoldLongVowels = true, RemoveStopwords = true });

        Assert.Equal(Tokens.Of("ચુંટણિ", analyzer), Tokens.Of("ચૂંટણીમાં", analyzer));
        Assert.Empty(Tokens.Of("થઈ નહીં", analyzer));
    }

    [Theory]
    [InlineData("ખેડુત", "ખેડૂતોને")]
    [InlineData("ચુંટણી", "ચૂંટણીમાં")]
    [InlineData("વર્જીનિયા", "વર્જિનિયાના")]
    [InlineData("હિન્દુ", "હિંદૂ")]
    public void The_shipped_analyzer_meets_long_and_short_i_u_spellings(string typed, string written)
    {
        Assert.Equal(Tokens.Of(typed, Tokens.Default), Tokens.Of(written, Tokens.Default));
    }
}
