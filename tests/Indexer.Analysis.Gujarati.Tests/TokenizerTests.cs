namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>How text is split into words before the filters run.</summary>
public class TokenizerTests
{
    [Fact]
    public void Words_with_vowel_signs_virama_nukta_and_joiners_stay_whole()
    {
        Assert.Equal(["પ્રધાનમંત્રી", "ક્ષણ", "ફિલ્મ"], Tokens.Of("પ્રધાનમંત્રી ક્\u200Dષણ ફ઼િલ્મ", Tokens.Unstemmed));
    }

    [Fact]
    public void No_break_and_zero_width_spaces_separate_words()
    {
        Assert.Equal(["ભારત", "ચીન"], Tokens.Of("ભારત\u00A0ચીન", Tokens.Unstemmed));
        Assert.Equal(["ભારત", "ચીન"], Tokens.Of("ભારત\u200Bચીન", Tokens.Unstemmed));
    }

    [Fact]
    public void Letters_newer_than_the_tokenizer_do_not_split_or_vanish()
    {
        // Without the char filter StandardTokenizer returns just "ર" for the first word.
        Assert.Equal(["ળેર", "મુહમ્મદ", "ભારત"], Tokens.Of("ૹેર મુહમ્મદૻ ભારત", Tokens.Unstemmed));
    }

    [Fact]
    public void Offsets_point_into_the_original_text_after_marks_are_removed()
    {
        const string text = "મુહમ્મદૻૻ ભારત";
        var tokens = Tokens.WithOffsets(text, Tokens.Unstemmed);

        Assert.Equal(("ભારત", text.IndexOf("ભારત", StringComparison.Ordinal), text.Length), tokens[1]);
        Assert.Equal(0, tokens[0].Start);
    }

    [Fact]
    public void A_colon_typed_for_visarga_keeps_the_word_whole()
    {
        Assert.Equal(["દુઃખ"], Tokens.Of("દુ:ખ"));
        Assert.Equal(["અમદાવાદ", "આજ"], Tokens.Of("અમદાવાદ: આજે"));
    }

    [Fact]
    public void Gujarati_and_ascii_digits_index_the_same()
    {
        Assert.Equal(Tokens.Of("2024માં 10મી"), Tokens.Of("૨૦૨૪માં ૧૦મી"));
    }

    [Fact]
    public void One_instance_gives_the_same_tokens_on_many_threads()
    {
        const string text = "ઉત્તર કોરિયાના નેતા કિમ જોંગ ઉનએ શનિવારે રશિયાના રક્ષામંત્રી સાથે બેઠક કરી";
        var expected = Tokens.Of(text);
        var results = new List<string>[64];

        Parallel.For(0, results.Length, i => results[i] = Tokens.Of(text));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
