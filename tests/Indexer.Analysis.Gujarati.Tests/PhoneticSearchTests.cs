using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>Latin queries over a small Lucene index of Gujarati text with a key field beside the words.</summary>
public sealed class PhoneticSearchTests : IDisposable
{
    private static readonly GujaratiPhoneticAnalyzer Keys = new();
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public PhoneticSearchTests()
    {
        string[] documents =
        [
            "ઉત્તર કોરિયાના નેતા કિમ જોંગ ઉનએ રશિયાના રક્ષામંત્રી સાથે બેઠક કરી.",
            "લિવરપૂલ અને ચેલ્સી વચ્ચેની મેચ બરાબરી પર પૂરી થઈ.",
            "અમદાવાદમાં ભારે વરસાદથી રસ્તાઓ પર પાણી ભરાયાં.",
            "ઇન્ડોનેશિયામાં જ્વાળામુખી ફાટ્યો અને સુનામીની ચેતવણી અપાઈ.",
            "સેનેટે કાવાનોઘની નિમણૂક પર મતદાન કર્યું; eBay પર પણ ચર્ચા થઈ.",
            "ઉનાળામાં લીંબુનો રસ ગરમીમાં રાહત આપે છે.",
        ];
        var keyType = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, Tokens.Default)))
        {
            for (int i = 0; i < documents.Length; i++)
            {
                var (words, keys) = Keys.Tee(Tokens.Default, documents[i]);
                writer.AddDocument(new Document
                {
                    new StringField("id", i.ToString(), Field.Store.YES),
                    new TextField("body", words[0]),
                    new Field("body_keys", keys, keyType),
                });
            }
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
    }

    [Theory]
    [InlineData("kim jong un rashiya", 0)]
    [InlineData("uttar koriya", 0)]
    [InlineData("liverpool chelsea", 1)]
    [InlineData("amdavad varsad", 2)]
    [InlineData("jwalamukhi", 3)]
    [InlineData("indonesia tsunami", 3)]
    [InlineData("kavanaugh", 4)]
    public void Latin_words_find_the_gujarati_article(string query, int document)
    {
        Assert.Equal([document], Search(query));
    }

    [Fact]
    public void A_short_latin_word_ranks_the_word_it_spells_above_others_with_its_key()
    {
        // rashiya and રસ (juice) share the key rs; the shorter text about juice, which its length alone would rank
        // first, comes second.
        Assert.Equal([0, 5], Search("rashiya"));
    }

    [Fact]
    public void Latin_words_in_the_text_are_left_to_the_words_field()
    {
        Assert.Empty(Search("ebay"));
    }

    [Fact]
    public void A_spelling_of_a_name_finds_another()
    {
        Assert.Equal([4], Search("કાવાનૌઘ"));
    }

    [Fact]
    public void A_quoted_phrase_needs_every_word_though_the_field_has_no_positions()
    {
        Assert.Equal([0], Search("\"kim jong\""));
        Assert.Empty(Search("\"kim chelsea\""));
    }

    private List<int> Search(string text)
    {
        var query = Keys.Query("body_keys", text.Trim('"'), Occur.MUST)!;
        return _searcher.Search(query, 10).ScoreDocs.Select(d => int.Parse(_searcher.Doc(d.Doc).Get("id"))).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
