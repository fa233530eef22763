using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Indexer.Analysis.Gujarati.Tests;

/// <summary>Queries through the same analyzer find the inflected words a reader expects.</summary>
public sealed class SearchTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public SearchTests()
    {
        string[] documents =
        [
            "ઉત્તર કોરિયાના નેતા કિમ જોંગ ઉનએ રશિયાના રક્ષામંત્રી સાથે બેઠક કરી.",
            "રશિયાએ યુક્રેન પર નવો હુમલો કર્યો.",
            "યુદ્ધ પછી રશિયામાં ભાવ વધ્યા.",
            "રિઝર્વ બૅન્કે વ્યાજદર ઘટાડ્યો અને બેંકોમાં લોનની માંગ વધી.",
            "અમેરિકાના પ્રમુખે ચૂંટણીમાં જીત મેળવી.",
        ];
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, Tokens.Default)))
        {
            for (int i = 0; i < documents.Length; i++)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", i.ToString(), Field.Store.YES),
                    new TextField("body", documents[i], Field.Store.NO),
                });
            }
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
    }

    [Fact]
    public void A_phrase_in_base_form_matches_the_inflected_name()
    {
        Assert.Equal([0], Search("\"કિમ જોંગ ઉન\""));
    }

    [Fact]
    public void A_base_form_finds_every_inflection()
    {
        Assert.Equal([0, 1, 2], Search("રશિયા").Order());
        Assert.Equal([4], Search("ચૂંટણી"));
        Assert.Equal([4], Search("અમેરિકા"));
    }

    [Fact]
    public void Spelling_variants_find_each_other()
    {
        Assert.Equal([3], Search("બેન્ક"));
        Assert.Equal([3], Search("બેંક"));
    }

    [Fact]
    public void A_prefix_term_normalised_like_the_index_matches()
    {
        var query = new PrefixQuery(new Term("body", GujaratiAnalyzer.NormalizeTerm("બૅન્ક")));
        Assert.Equal([3], Run(query));
    }

    private List<int> Search(string text) =>
        Run(new QueryParser(LuceneVersion.LUCENE_48, "body", Tokens.Default).Parse(text));

    private List<int> Run(Query query) =>
        _searcher.Search(query, 10).ScoreDocs.Select(d => int.Parse(_searcher.Doc(d.Doc).Get("id"))).ToList();

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
