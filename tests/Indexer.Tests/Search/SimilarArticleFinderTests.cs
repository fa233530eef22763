using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

public sealed class SimilarArticleFinderTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();
    private readonly ArticleDraft _match = Some.Article("match", "ભારતે ક્રિકેટ મેચ જીતી", "ભારતની ક્રિકેટ ટીમે ઓસ્ટ્રેલિયા સામે મેચ જીતી. કોહલીએ સદી ફટકારી.");
    private readonly ArticleDraft _century = Some.Article("century", "ક્રિકેટ: કોહલીની સદી", "વિરાટ કોહલીએ ઓસ્ટ્રેલિયા સામે શાનદાર સદી ફટકારી અને ભારતની ટીમ જીતી.", feed: "sport");
    private readonly ArticleDraft _squad = Some.Article("squad", "ક્રિકેટ ટીમની જાહેરાત", "ભારતની ક્રિકેટ ટીમની જાહેરાત થઈ. <b>નવા</b> ખેલાડીઓ.");
    private readonly ArticleDraft _rain = Some.Article("rain", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં ભારે વરસાદ પડ્યો. રસ્તાઓ પર પાણી ભરાયાં.");
    private readonly ArticleDraft _flood = Some.Article("flood", "સુરતમાં વરસાદ", "સુરતમાં ભારે વરસાદથી રસ્તાઓ પર પાણી ભરાયાં.");
    // About 37 KB of text: more than a hit record holds, so its body is read from the stored fields.
    private readonly ArticleDraft _monsoon = Some.Article("monsoon", "ચોમાસું",
        "અમદાવાદમાં ભારે વરસાદ. " + string.Concat(Enumerable.Repeat("ચોમાસાના સમાચાર ", 2700)) + "સુરતમાં રસ્તાઓ પર પાણી ભરાયાં.");
    private SimilarArticleFinder _finder = null!;

    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(_match, _century, _squad, _rain, _flood, _monsoon);
        _finder = new SimilarArticleFinder(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Related_stories_share_the_subject_and_never_include_the_article_itself()
    {
        var similar = _finder.Find(_match.Id, 5)!;
        Assert.Equal(_match.Id, similar.Id);
        Assert.DoesNotContain(similar.Hits, h => h.Id == _match.Id);
        Assert.Equal([_century.Id, _squad.Id], similar.Hits.Take(2).Select(h => h.Id).Order());
        Assert.DoesNotContain(similar.Hits, h => h.Id == _rain.Id || h.Id == _flood.Id);

        var rain = _finder.Find(_rain.Id, 5)!;
        Assert.Equal(_flood.Id, rain.Hits[0].Id);
    }

    [Fact]
    public void Hits_have_the_search_hit_shape_with_an_escaped_opening_as_snippet()
    {
        var squad = _finder.Find(_match.Id, 5)!.Hits.Single(h => h.Id == _squad.Id);
        Assert.Equal("ક્રિકેટ ટીમની જાહેરાત", squad.Title);
        Assert.Equal("ક્રિકેટ ટીમની જાહેરાત", squad.HighlightedTitle);
        Assert.StartsWith("ભારતની ક્રિકેટ ટીમની જાહેરાત થઈ. &lt;b&gt;", squad.Snippet);
        Assert.Equal("news", squad.FeedId);
        Assert.Equal("gu", squad.Language);
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T04:45:00Z"), squad.Published);
        Assert.True(squad.Score > 0);
    }

    [Fact]
    public void An_article_too_large_for_its_hit_record_finds_related_stories_and_is_shown_as_one()
    {
        var monsoon = _finder.Find(_monsoon.Id, 5)!;
        Assert.Contains(_flood.Id, monsoon.Hits.Take(2).Select(h => h.Id));
        Assert.DoesNotContain(monsoon.Hits, h => h.Id == _century.Id);

        var shown = _finder.Find(_flood.Id, 5)!.Hits.Single(h => h.Id == _monsoon.Id);
        Assert.Equal("ચોમાસું", shown.Title);
        Assert.StartsWith("અમદાવાદમાં ભારે વરસાદ. ચોમાસાના સમાચાર", shown.Snippet);
    }

    [Fact]
    public void Size_caps_the_hits_and_an_unknown_id_is_null()
    {
        Assert.Single(_finder.Find(_match.Id, 1)!.Hits);
        Assert.Null(_finder.Find("no-such-article", 5));
    }
}
