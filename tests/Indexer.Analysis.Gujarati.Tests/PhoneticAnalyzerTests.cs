using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;

namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>The key analyzer's token streams: the tee that tokenizes once for two fields, offsets, and the query it builds.</summary>
public class PhoneticAnalyzerTests
{
    private const string Text = "ઉત્તર કોરિયાના નેતા કિમ જોંગ ઉનએ રશિયાના રક્ષામંત્રી સાથે eBay પર બેઠક કરી.";
    private static readonly GujaratiPhoneticAnalyzer Keys = new();

    [Fact]
    public void The_tee_gives_the_word_analyzers_tokens_and_the_key_analyzers_tokens_less_latin_words()
    {
        var (words, keys) = Keys.Tee(Tokens.Default, Text);

        Assert.Equal(Read(Tokens.Default.GetTokenStream("body", Text)), Read(Assert.Single(words)));
        // An index matches eBay in the words field; only queries key Latin words (and rank by them: .ebai).
        Assert.Equal(KeysOf(Read(Keys.GetTokenStream("keys", Text))).Where(k => k.Term is not ("eb" or ".ebai")), KeysOf(Read(keys)));
    }

    [Fact]
    public void The_tee_is_reused_per_thread_and_each_pair_reads_its_own_text()
    {
        foreach (string text in new[] { Text, "અમદાવાદમાં ભારે વરસાદ", "લિવરપૂલ અને ચેલ્સી" })
        {
            var (words, keys) = Keys.Tee(Tokens.Default, text);
            Assert.Equal(Read(Tokens.Default.GetTokenStream("body", text)), Read(words[0]));
            Assert.Equal(KeysOf(Read(Keys.GetTokenStream("keys", text))).Where(k => k.Term is not ("eb" or ".ebai")), KeysOf(Read(keys)));
        }
    }

    [Fact]
    public void Several_texts_share_one_keys_stream_in_order()
    {
        var (words, keys) = Keys.Tee(Tokens.Default, "લિવરપૂલ અને ચેલ્સી", "અમદાવાદમાં ભારે વરસાદ");

        Assert.Equal(2, words.Count);
        foreach (var stream in words) Read(stream);
        Assert.Equal(["lvrpl", "cls", "advd", "br", ".bare", "vrsd"], Read(keys).Select(t => t.Term));
    }

    [Fact]
    public void Keys_of_several_texts_point_at_their_words_as_in_the_texts_joined_by_a_gap()
    {
        const string title = "લિવરપૂલ અને ચેલ્સી";
        const string body = "અમદાવાદમાં ભારે વરસાદ";
        var (words, keys) = Keys.Tee(Tokens.Default, title, body);
        foreach (var stream in words) Read(stream);

        // Offsets that never go back let an index keep them (Lucene refuses a field whose offsets restart), and a
        // reader finds each key's word in title + gap + body.
        var joined = title + new string(' ', GujaratiPhoneticAnalyzer.TextGap) + body;
        Assert.Equal(["લિવરપૂલ", "ચેલ્સી", "અમદાવાદમાં", "ભારે", "ભારે", "વરસાદ"], Read(keys).Select(t => joined[t.Start..t.End]));
    }

    [Fact]
    public void Pairs_asked_for_before_the_last_is_read_each_keep_their_own_text()
    {
        var first = Keys.Tee(Tokens.Default, "લિવરપૂલ અને ચેલ્સી");
        var second = Keys.Tee(Tokens.Default, "અમદાવાદમાં ભારે વરસાદ");

        Read(first.Words[0]);
        Assert.Equal(["lvrpl", "cls"], Read(first.Keys).Select(t => t.Term));
        Read(second.Words[0]);
        Assert.Equal(["advd", "br", ".bare", "vrsd"], Read(second.Keys).Select(t => t.Term));
    }

    [Fact]
    public void Reading_the_keys_before_the_words_is_refused_rather_than_silently_empty()
    {
        var (words, keys) = Keys.Tee(Tokens.Default, Text);
        Assert.Throws<InvalidOperationException>(() => Read(keys));
        words[0].Dispose();
    }

    [Fact]
    public void Keys_point_at_their_word_and_keep_the_position_of_words_without_one()
    {
        const string text = "કિમ અને ઉનએ";
        var tokens = Read(Keys.GetTokenStream("keys", text));

        // A short word's rank key shares its position.
        Assert.Equal([("kim", 1, "કિમ"), ("un", 2, "ઉનએ"), (".una", 0, "ઉનએ")], tokens.Select(t => (t.Term, t.Increment, text[t.Start..t.End])));
    }

    [Fact]
    public void A_query_takes_each_words_key_and_combines_the_words_as_asked()
    {
        Assert.Equal("+keys:kim +keys:jog +keys:un", Keys.Query("keys", "kim jong un", Occur.MUST)!.ToString());
        Assert.Equal("keys:lvrpl keys:cls", Keys.Query("keys", "liverpool chelsea", Occur.SHOULD)!.ToString());
        Assert.Null(Keys.Query("keys", "અને છે", Occur.SHOULD));
    }

    [Fact]
    public void Close_spellings_only_come_from_keys_long_enough_to_name_a_word()
    {
        Assert.Equal("keys:kvg", Keys.Query("keys", "કાવાનોઘ", Occur.MUST, closeOnly: true)!.ToString());
        // કાવાનો is stemmed to kv: it would find every word with those two consonants.
        Assert.Null(Keys.Query("keys", "કાવાનો", Occur.MUST, closeOnly: true));
        Assert.Null(Keys.Query("keys", "ટ્રમ્પ કાવાનો", Occur.MUST, closeOnly: true));
        Assert.Equal("keys:trp", Keys.Query("keys", "ટ્રમ્પ કાવાનો", Occur.SHOULD, closeOnly: true)!.ToString());
    }

    // The key field is indexed without positions: what counts is each key and the word it points at.
    private static IEnumerable<(string Term, int Start, int End)> KeysOf(List<(string Term, int Increment, int Start, int End)> tokens) =>
        tokens.Select(t => (t.Term, t.Start, t.End));

    private static List<(string Term, int Increment, int Start, int End)> Read(TokenStream stream)
    {
        var result = new List<(string, int, int, int)>();
        using (stream)
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var position = stream.AddAttribute<IPositionIncrementAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                result.Add((term.ToString(), position.PositionIncrement, offset.StartOffset, offset.EndOffset));
            }
            stream.End();
        }
        return result;
    }
}
