using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

/// <summary>Queries typed in Latin letters over Gujarati articles: what they find, what they were read as, what is marked.</summary>
public sealed class LatinQueryTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();
    private ArticleSearcher _searcher = null!;

    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(
            Some.SampleArticle(),
            Some.Article("football", "લિવરપૂલ અને ચેલ્સી વચ્ચેની મેચ ડ્રો", "પ્રીમિયર લીગમાં લિવરપૂલ અને ચેલ્સીની ટીમો 1-1થી બરાબર રહી.", published: "2024-11-01T00:00:00Z"),
            Some.Article("rain", "અમદાવાદમાં ભારે વરસાદ", "અમદાવાદમાં સતત બીજા દિવસે વરસાદ પડ્યો; રસ્તાઓ પર પાણી ભરાયાં.", published: "2024-10-01T00:00:00Z"),
            Some.Article("volcano", "ઇન્ડોનેશિયામાં જ્વાળામુખી ફાટ્યો", "જ્વાળામુખીની રાખથી વિમાનસેવા બંધ રહી.", published: "2024-09-01T00:00:00Z"),
            Some.Article("ebay", "eBayએ COVID-19 દરમિયાન વેચાણ વધાર્યું", "ઓનલાઇન બજાર eBay પર COVID-19ના સમયમાં ખરીદી વધી.", published: "2024-08-01T00:00:00Z"),
            Some.Article("senate", "સેનેટમાં કાવાનૌઘની સુનાવણી", "ટ્રમ્પે નામાંકિત કરેલા કાવાનૌઘ વિશે સેનેટમાં મતદાન થયું.", published: "2024-07-01T00:00:00Z"),
            Some.Article("nba", "એનબીએમાં નવી સીઝન", "એનબીએની ટીમો આજથી રમશે.", published: "2024-04-01T00:00:00Z"),
            Some.Article("hearing", "કાવાનોઘની જુબાની", "ન્યાયાધીશ કાવાનોઘ સમિતિ સામે હાજર થયા.", published: "2024-06-30T00:00:00Z"),
            Some.Article("long", "દરિયાકાંઠે ચેતવણી", string.Concat(Enumerable.Repeat("શહેરમાં આજે સામાન્ય દિવસ રહ્યો. ", 80)) + "સુનામીની ચેતવણી પાછી ખેંચાઈ.", published: "2024-05-01T00:00:00Z"),
            Some.Article("trip", "શાળાની ટ્રિપ", "વિદ્યાર્થીઓ ટ્રિપ પર ગયા.", published: "2024-03-01T00:00:00Z"),
            Some.Article("visit", "ટ્રમ્પની મુલાકાત", "અમેરિકાના રાષ્ટ્રપતિ ટ્રમ્પ આજે જાપાનની મુલાકાતે પહોંચ્યા, જ્યાં તેમણે વડાપ્રધાન સાથે વેપાર, સુરક્ષા અને પ્રદેશની સ્થિતિ વિશે લાંબી ચર્ચા કરી.", published: "2024-02-01T00:00:00Z"),
            Some.Article("juice", "ઉનાળામાં લીંબુનો રસ", "ગરમીના દિવસોમાં લીંબુ પાણી પીવાથી શરીરને ઠંડક મળે છે, એમ ડૉક્ટરોએ જણાવ્યું. શહેરમાં શેરડીના રસની લારીઓ પર ભીડ જોવા મળી.", published: "2024-06-01T00:00:00Z"));
        _searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    private SearchResponse Search(string q, int page = 1, int size = 10) =>
        _searcher.Search(new SearchRequest { Query = q, Page = page, Size = size });

    [Theory]
    [InlineData("kim jong un rashiya", "sample")]
    [InlineData("liverpool chelsea", "football")]
    [InlineData("amdavad varsad", "rain")]
    [InlineData("jwalamukhi", "volcano")]
    [InlineData("\"kim jong\"", "sample")]
    [InlineData("trump kavanaugh", "senate")]
    public void A_latin_query_finds_the_gujarati_article_first(string query, string guid)
    {
        var result = Search(query);
        Assert.Equal("AND", result.Operator);
        Assert.EndsWith("/" + guid, result.Hits[0].Url);
        Assert.True(result.Transliterated);
    }

    [Fact]
    public void Each_latin_word_says_which_gujarati_words_it_was_read_as()
    {
        var result = Search("kim jong un rashiya");

        Assert.Equal("કિમ", result.ReadAs["kim"][0]);
        Assert.Equal("જોંગ", result.ReadAs["jong"][0]);
        Assert.Equal("રશિયા", result.ReadAs["rashiya"][0]);
        Assert.Equal(result.ReadAs, Search("kim jong un rashiya", page: 1, size: 1).ReadAs);
    }

    [Fact]
    public void A_short_latin_word_finds_the_word_it_spells_before_others_that_sound_alike()
    {
        // rashiya and રસ (juice) share a key; the short article about juice would otherwise come first.
        var result = Search("rashiya");

        Assert.EndsWith("/sample", result.Hits[0].Url);
        Assert.EndsWith("/juice", result.Hits[1].Url);
        Assert.Equal(["રશિયા"], result.ReadAs["rashiya"]);
    }

    [Fact]
    public void The_stories_with_the_word_a_latin_word_was_read_as_come_before_look_alikes()
    {
        // trump's key (trp) is also ટ્રિપ's (trip): the short article about a school trip would otherwise come first.
        var result = Search("trump");

        Assert.Equal("ટ્રમ્પ", result.ReadAs["trump"][0]);
        Assert.Equal(["visit", "senate", "trip"], result.Hits.Select(h => h.Url![(h.Url!.LastIndexOf('/') + 1)..]));
        Assert.True(result.Hits[0].Score > result.Hits[1].Score && result.Hits[1].Score > result.Hits[2].Score);
    }

    [Theory]
    // The article has only the inflected forms: their keys once lost the root's n with the ending (રાયનને was ry,
    // ઉદાહરણોમાં adhr), so the bare word, typed in either script, missed them.
    [InlineData("rayan", "રાયનને")]
    [InlineData("udaharan", "ઉદાહરણોમાં")]
    public async Task A_bare_latin_word_finds_an_article_with_only_its_inflected_form(string query, string form)
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(
            Some.Article("ryan", "રાયનને ઇનામ", "સમિતિએ રાયનને આ વર્ષનું ઇનામ આપ્યું; આવાં ઉદાહરણોમાં તે પહેલો છે.", published: "2024-02-01T00:00:00Z"),
            // રાય and દયા are the words those forms' keys then met.
            Some.Article("other", "રાયનો પાક", "ખેડૂતોએ રાય વાવી; દયા રાખવા કહ્યું.", published: "2024-03-01T00:00:00Z"));
        var searcher = new ArticleSearcher(fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));

        var result = searcher.Search(new SearchRequest { Query = query });

        Assert.EndsWith("/ryan", Assert.Single(result.Hits).Url);
        Assert.Equal([form], result.ReadAs[query]);
    }

    [Fact]
    public void Pages_of_a_reordered_latin_search_follow_on_without_the_result_cache()
    {
        var uncached = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions { ResultCacheSize = 0 }));

        var pages = Enumerable.Range(1, 3)
            .Select(page => uncached.Search(new SearchRequest { Query = "trump", Page = page, Size = 1 }).Hits.Single().Url!)
            .Select(url => url[(url.LastIndexOf('/') + 1)..]);

        Assert.Equal(["visit", "senate", "trip"], pages);
    }

    [Fact]
    public void A_latin_word_a_long_story_names_only_late_is_still_read()
    {
        var result = Search("tsunami");

        Assert.EndsWith("/long", Assert.Single(result.Hits).Url);
        Assert.Equal(["સુનામીની"], result.ReadAs["tsunami"]);
    }

    [Fact]
    public void The_gujarati_words_a_latin_query_matched_are_marked()
    {
        var hit = Search("amdavad varsad").Hits[0];

        Assert.Equal("<mark>અમદાવાદમાં</mark> ભારે <mark>વરસાદ</mark>", hit.HighlightedTitle);
        Assert.Contains("<mark>વરસાદ</mark>", hit.Snippet);
    }

    [Theory]
    [InlineData("ebay")]
    [InlineData("COVID-19")]
    public void Latin_words_written_in_latin_in_an_article_still_match_exactly(string query)
    {
        var result = Search(query);
        Assert.EndsWith("/ebay", result.Hits[0].Url);
        Assert.Contains("<mark>", result.Hits[0].Snippet);
        Assert.False(result.Transliterated);
        Assert.Empty(result.ReadAs);
    }

    [Fact]
    public void A_gujarati_spelling_of_a_name_finds_another_spelling_below_its_own()
    {
        var result = Search("કાવાનોઘ");

        // The article with the spelling typed comes first, though the other one is newer.
        Assert.Equal(2, result.Hits.Count);
        Assert.EndsWith("/hearing", result.Hits[0].Url);
        Assert.EndsWith("/senate", result.Hits[1].Url);
        Assert.False(result.Transliterated);
    }

    [Fact]
    public void Newest_first_a_gujarati_word_finds_only_itself_as_other_spellings_could_not_rank_below_it()
    {
        var result = _searcher.Search(new SearchRequest { Query = "કાવાનોઘ", Sort = SearchSort.Newest });

        Assert.EndsWith("/hearing", Assert.Single(result.Hits).Url);
    }

    [Fact]
    public void Newest_first_a_latin_word_lists_the_articles_with_the_word_it_was_read_as_not_look_alikes()
    {
        // rashiya's key (rs) is also રસ's (juice), a newer article: no score puts it below Russia in a date order.
        var result = _searcher.Search(new SearchRequest { Query = "rashiya", Sort = SearchSort.Newest });

        Assert.EndsWith("/sample", Assert.Single(result.Hits).Url);
        Assert.Equal(["રશિયા"], result.ReadAs["rashiya"]);
    }

    [Fact]
    public void Gujarati_queries_are_not_read_across_scripts()
    {
        var result = Search("રશિયા");
        Assert.EndsWith("/sample", Assert.Single(result.Hits).Url);
        Assert.False(result.Transliterated);
    }

    [Fact]
    public void When_no_article_has_every_latin_word_any_word_is_enough()
    {
        var result = Search("jwalamukhi chelsea");
        Assert.Equal("OR", result.Operator);
        Assert.Equal(2, result.Total);
    }

    [Fact]
    public void The_clause_limit_counts_title_and_body_terms_not_the_keys_beside_them()
    {
        static string Words(int count) =>
            string.Join(" OR ", Enumerable.Range(0, count).Select(i => "shabd" + (char)('a' + i % 26) + (char)('a' + i / 26)));

        Assert.Contains("too many", Assert.Throws<SearchQueryException>(() => Search(Words(40))).Message);
        Assert.Null(Record.Exception(() => Search(Words(30))));
    }
}
