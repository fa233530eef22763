using Indexer.Search;
using Indexer.Tests.Support;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace Indexer.Tests.Search;

/// <summary>Words no article has are dropped from a query without changing what it finds or in which order.</summary>
public sealed class AbsentTermsTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();

    public Task InitializeAsync() => _fixture.AddAsync(
        Some.SampleArticle(),
        Some.Article("football", "લિવરપૂલ અને ચેલ્સી વચ્ચેની મેચ ડ્રો", "પ્રીમિયર લીગમાં લિવરપૂલ અને ચેલ્સીની ટીમો 1-1થી બરાબર રહી."),
        Some.Article("ebay", "eBayએ વેચાણ વધાર્યું", "ઓનલાઇન બજાર eBay પર ખરીદી વધી."),
        Some.Article("juice", "ઉનાળામાં લીંબુનો રસ", "શેરડીના રસની લારીઓ પર ભીડ જોવા મળી; રશિયાથી આવેલા પ્રવાસીઓ પણ."),
        Some.Article("trip", "શાળાની ટ્રિપ", "વિદ્યાર્થીઓ ટ્રિપ પર ગયા."));

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    private Query Parse(string text, Operator @operator = Operator.AND) =>
        ArticleQueryParser.ParseChecked(text, _fixture.Index.Analyzer, @operator, 100).Query;

    [Fact]
    public void A_latin_words_literal_terms_go_when_no_article_has_them_and_stay_when_one_does()
    {
        using var lease = _fixture.Index.Acquire();
        var pruned = AbsentTerms.Prune(Parse("rashiya ebay", Operator.OR), lease.Searcher.IndexReader).ToString();

        Assert.DoesNotContain("rashiya", pruned);
        Assert.Contains("transliteration:rs", pruned);
        Assert.Contains("body:ebay", pruned);
    }

    [Theory]
    [InlineData("rashiya", Operator.AND)]
    [InlineData("liverpool chelsea", Operator.AND)]
    [InlineData("ebay rashiya", Operator.OR)]
    [InlineData("રશિયા", Operator.AND)]
    [InlineData("રસ OR ટ્રિપ OR ચેલ્સી", Operator.OR)]
    [InlineData("trump -ebay", Operator.AND)]
    public void What_a_query_finds_and_its_order_stay_the_same(string text, Operator @operator)
    {
        using var lease = _fixture.Index.Acquire();
        var searcher = lease.Searcher;
        var query = Parse(text, @operator);

        var before = searcher.Search(query, 20).ScoreDocs.Select(d => d.Doc).ToList();
        var after = searcher.Search(AbsentTerms.Prune(query, searcher.IndexReader), 20).ScoreDocs.Select(d => d.Doc).ToList();

        Assert.NotEmpty(before);
        Assert.Equal(before, after);
    }
}
