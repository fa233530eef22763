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

    private static IEnumerable<Lucene.Net.Util.BytesRef> Enumerate(TermsEnum terms)
    {
        while (terms.MoveNext()) yield return Lucene.Net.Util.BytesRef.DeepCopyOf(terms.Term);
    }
}
