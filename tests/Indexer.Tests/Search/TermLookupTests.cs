using Indexer.Indexing;
using Indexer.Search;
using Indexer.Tests.Support;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;

namespace Indexer.Tests.Search;

/// <summary>One terms enum per segment and field answers for every term of a search, as the reader would.</summary>
public sealed class TermLookupTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();

    // Three catch-ups, three segments: each word is in some of them only.
    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(Some.Article("a", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં આજે ભારે વરસાદ પડ્યો; વરસાદ ચાલુ છે."));
        await _fixture.AddAsync(Some.Article("b", "સુરતમાં ગરમી", "સુરતમાં ગરમીનો પારો ઊંચો ગયો."), Some.Article("c", "વરસાદની આગાહી", "સુરત અને વડોદરામાં વરસાદની આગાહી."));
        await _fixture.AddAsync(Some.Article("d", "ક્રિકેટ મેચ", "અમદાવાદમાં ક્રિકેટ મેચ રમાઈ."));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Every_terms_frequency_is_the_readers_whatever_the_order_of_the_terms_asked()
    {
        using var lease = _fixture.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count >= 3, $"{reader.Leaves.Count} segments");
        var terms = new[] { ArticleFields.Body, ArticleFields.Title }
            .SelectMany(field => MultiFields.GetTerms(reader, field) is { } all ? Enumerate(all.GetEnumerator()).Select(bytes => new Term(field, bytes)) : [])
            .Append(new Term(ArticleFields.Body, "નથી-એવો-શબ્દ"))
            .ToList();
        Assert.True(terms.Count > 20, $"{terms.Count} terms");

        // Forward, then backward: the reused enums seek back as well as on.
        var lookup = new TermLookup(reader);
        foreach (var term in terms.Concat(Enumerable.Reverse(terms)))
        {
            var states = lookup.States(term);
            Assert.Equal(reader.DocFreq(term), states.DocFreq);
            Assert.Equal(reader.TotalTermFreq(term), states.TotalTermFreq);
        }
    }

    [Theory]
    [InlineData("વરસાદ", Operator.AND)]
    [InlineData("અમદાવાદ વરસાદ", Operator.AND)]
    [InlineData("સુરત OR ક્રિકેટ OR વરસાદ", Operator.OR)]
    [InlineData("\"ભારે વરસાદ\"", Operator.AND)]
    public void A_query_scoring_from_the_looked_up_states_finds_and_scores_as_before(string text, Operator @operator)
    {
        using var lease = _fixture.Index.Acquire();
        var searcher = lease.Searcher;
        var query = ArticleQueryParser.ParseChecked(text, _fixture.Index.Analyzer, @operator, 100).Query;

        var before = searcher.Search(query, 10).ScoreDocs;
        var after = searcher.Search(AbsentTerms.Prune(query, searcher.IndexReader), 10).ScoreDocs;

        Assert.NotEmpty(before);
        Assert.Equal(before.Select(d => (d.Doc, d.Score)), after.Select(d => (d.Doc, d.Score)));
    }

    [Fact]
    public void A_lookup_a_search_returned_answers_the_next_search_on_its_reader_and_no_other()
    {
        using var lease = _fixture.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        var words = Enumerate(MultiFields.GetTerms(reader, ArticleFields.Body).GetEnumerator()).Select(bytes => new Term(ArticleFields.Body, bytes)).ToList();
        var (rain, heat) = (words[^1], words[0]);
        var first = TermLookup.Rent(reader);
        Assert.Equal(reader.DocFreq(rain), first.States(rain).DocFreq);
        first.Return();

        var second = TermLookup.Rent(reader);
        Assert.Same(first, second);
        // Its enums were left on the last term of the dictionary; the next search's terms, before it, are found all the same.
        Assert.Equal(reader.DocFreq(heat), second.States(heat).DocFreq);
        Assert.Equal(reader.DocFreq(rain), second.States(rain).DocFreq);

        // While it is out, a concurrent search gets a lookup of its own.
        var concurrent = TermLookup.Rent(reader);
        Assert.NotSame(second, concurrent);
        second.Return();
        concurrent.Return();
    }

    [Fact]
    public async Task Searches_after_a_refresh_see_the_new_segment_with_lookups_of_the_new_reader()
    {
        var searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new Indexer.Configuration.SearchOptions { ResultCacheSize = 0 }));
        Assert.Equal(2, searcher.Search(new SearchRequest { Query = "વરસાદ" }).Total);

        await _fixture.AddAsync(Some.Article("e", "ફરી વરસાદ", "ગામમાં ફરી વરસાદ પડ્યો."));

        Assert.Equal(3, searcher.Search(new SearchRequest { Query = "વરસાદ" }).Total);
        Assert.Equal(["ફરી વરસાદ"], searcher.Search(new SearchRequest { Query = "ગામમાં" }).Hits.Select(h => h.Title));
    }

    [Fact]
    public async Task Concurrent_searches_on_one_reader_find_what_each_finds_alone()
    {
        var searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new Indexer.Configuration.SearchOptions { ResultCacheSize = 0 }));
        var queries = new[] { "વરસાદ", "સુરત", "અમદાવાદ ક્રિકેટ", "ગરમી OR આગાહી", "\"ભારે વરસાદ\"", "મેચ" };
        string Answer(string q) => string.Join(",", searcher.Search(new SearchRequest { Query = q }).Hits.Select(h => $"{h.Id}:{h.Score}"));
        var alone = queries.ToDictionary(q => q, Answer);
        Assert.All(alone.Values, Assert.NotEmpty);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            Enumerable.Range(0, 200).Select(i => queries[(i + t) % queries.Length]).Select(q => (q, Answer(q))).ToList())))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(answers.SelectMany(a => a), pair => Assert.Equal(alone[pair.q], pair.Item2));
    }

    private static IEnumerable<Lucene.Net.Util.BytesRef> Enumerate(TermsEnum terms)
    {
        while (terms.MoveNext()) yield return Lucene.Net.Util.BytesRef.DeepCopyOf(terms.Term);
    }
}
