using Lucene.Net.Analysis.In;

namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>Each normalisation rule: a spelling a writer uses → the form the index stores (before stemming).</summary>
public class NormalizationGoldenTests
{
    [Theory]
    // invisible characters inside a word
    [InlineData("ક્\u200Dષણ", "ક્ષણ")]              // ZWJ
    [InlineData("ક્\u200Cષણ", "ક્ષણ")]              // ZWNJ
    [InlineData("ભાર\u00ADત", "ભારત")]              // soft hyphen
    [InlineData("ભાર\u2060ત", "ભારત")]              // word joiner
    [InlineData("\uFEFFભારત", "ભારત")]              // BOM
    // split vowels composed (Lucene IndicNormalizer's Gujarati rows)
    [InlineData("અાવાસ", "આવાસ")]
    [InlineData("અે", "એ")]
    [InlineData("અાે", "ઓ")]
    [InlineData("કાે", "કો")]
    [InlineData("કાૈ", "કૌ")]
    // candrabindu → anusvara
    [InlineData("આઁખ", "આંખ")]
    // candra vowels → plain
    [InlineData("ડૉક્ટર", "ડોક્ટર")]
    [InlineData("ઑફિસ", "ઓફિસ")]
    [InlineData("ઍવોર્ડ", "એવોર્ડ")]
    [InlineData("બૅંક", "બેંક")]
    // nasal + virama before a stop → anusvara
    [InlineData("બેન્ક", "બેંક")]
    [InlineData("બૅન્ક", "બેંક")]
    [InlineData("હિન્દી", "હિંદી")]
    [InlineData("ટ્રમ્પ", "ટ્રંપ")]
    [InlineData("ઘણ્ટ", "ઘંટ")]
    [InlineData("બેન્\u200Dક", "બેંક")]             // a joiner does not hide the cluster
    // nasal clusters that must stay: not before a stop, or a nasal outside its class
    [InlineData("અન્ય", "અન્ય")]
    [InlineData("જન્મ", "જન્મ")]
    [InlineData("સમ્રાટ", "સમ્રાટ")]
    [InlineData("કમ્ક", "કમ્ક")]
    // nukta dropped
    [InlineData("ફ઼િલ્મ", "ફિલ્મ")]
    [InlineData("જ઼ૂમ", "જૂમ")]
    // digits
    [InlineData("૨૦૨૪", "2024")]
    [InlineData("૧૦મી", "10મી")]
    // ':' typed for visarga; final visarga dropped
    [InlineData("દુ:ખ", "દુઃખ")]
    [InlineData("દુઃખ", "દુઃખ")]
    [InlineData("અમદાવાદ:", "અમદાવાદ")]
    [InlineData("અમદાવાદઃ", "અમદાવાદ")]
    [InlineData("પુનઃ", "પુન")]
    [InlineData("10:30", "10:30")]                    // a colon between digits is a time, not visarga
    // Latin lowercased
    [InlineData("COVID", "covid")]
    // Unicode 8/10 additions
    [InlineData("ૹેર", "ળેર")]
    [InlineData("મુહમ્મદૻ", "મુહમ્મદ")]
    // wildcard characters survive
    [InlineData("બૅન્ક*", "બેંક*")]
    [InlineData("હિન્દ?", "હિંદ?")]
    // already normal: unchanged
    [InlineData("પ્રધાનમંત્રી", "પ્રધાનમંત્રી")]
    [InlineData("ગુજરાતી", "ગુજરાતી")]
    public void NormalizeTerm_maps_each_variant_to_the_indexed_spelling(string input, string expected)
    {
        Assert.Equal(expected, GujaratiAnalyzer.NormalizeTerm(input, foldLongVowels: false));
    }

    [Theory]
    [InlineData("થઈ", "થઇ")]
    [InlineData("ચૂંટણી", "ચુંટણિ")]
    [InlineData("ઊંચું", "ઉંચું")]
    public void Long_vowel_folding_is_available_as_an_option(string input, string expected)
    {
        Assert.Equal(expected, GujaratiAnalyzer.NormalizeTerm(input, foldLongVowels: true));
        Assert.Equal(input, GujaratiAnalyzer.NormalizeTerm(input, foldLongVowels: false));
    }

    [Theory]
    [InlineData("અાવાસ")]
    [InlineData("અાૅ")]
    [InlineData("અાે")]
    [InlineData("અાૈ")]
    [InlineData("અૅ")]
    [InlineData("અૈ")]
    [InlineData("અૉ")]
    [InlineData("અો")]
    [InlineData("અૌ")]
    [InlineData("આૅ")]
    [InlineData("આે")]
    [InlineData("આૈ")]
    [InlineData("કાૅ")]
    [InlineData("કાે")]
    [InlineData("કાૈ")]
    public void Vowel_composition_agrees_with_Lucene_IndicNormalizer(string input)
    {
        char[] buffer = input.ToCharArray();
        int length = new IndicNormalizer().Normalize(buffer, buffer.Length);
        string composedByLucene = new string(buffer, 0, length);

        Assert.Equal(GujaratiAnalyzer.NormalizeTerm(composedByLucene), GujaratiAnalyzer.NormalizeTerm(input));
        Assert.NotEqual(input, GujaratiAnalyzer.NormalizeTerm(input));
    }
}
