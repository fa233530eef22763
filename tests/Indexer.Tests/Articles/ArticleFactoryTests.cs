using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;

namespace Indexer.Tests.Articles;

/// <summary>Which items want their page: the feed's fullText setting against the feed's own text.</summary>
public sealed class ArticleFactoryTests
{
    private static ArticleDraft Draft(FullTextMode mode, string body, string? link = "https://news.example/a", string? summary = null) =>
        ArticleFactory.Create(new FeedDefinition { Id = "f", Url = new Uri("https://news.example/rss"), Interval = TimeSpan.FromMinutes(5), FullText = mode },
            "gu", new ParsedItem("g", link, "શીર્ષક", null, null, null, summary, body, null));

    private static readonly string Story = string.Concat(Enumerable.Repeat("આ લાંબી વાર્તાનું એક વાક્ય છે. ", 30));

    [Theory]
    [InlineData(FullTextMode.Auto, "એક વાક્યનો સારાંશ.", true)]
    [InlineData(FullTextMode.Auto, "LONG", false)]
    [InlineData(FullTextMode.Auto, "LONG…", true)]
    [InlineData(FullTextMode.Auto, "LONG Read more", true)]
    [InlineData(FullTextMode.Auto, "LONG વધુ વાંચો »", true)]
    [InlineData(FullTextMode.Always, "LONG", true)]
    [InlineData(FullTextMode.Never, "એક વાક્યનો સારાંશ.", false)]
    public void The_page_is_wanted_when_the_feed_text_is_short_or_cut_off_as_the_mode_says(FullTextMode mode, string body, bool wanted) =>
        Assert.Equal(wanted, Draft(mode, body.Replace("LONG", Story)).WantsPage);

    [Theory]
    [InlineData(null)]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://news.example/a")]
    public void Without_an_http_link_there_is_no_page_to_fetch(string? link) =>
        Assert.False(Draft(FullTextMode.Always, "ટૂંકું.", link).WantsPage);

    [Fact]
    public void The_feed_text_is_kept_as_the_summary_of_an_article_that_wants_its_page()
    {
        Assert.Equal("ટૂંકું.", Draft(FullTextMode.Auto, "ટૂંકું.").Summary);
        Assert.Null(Draft(FullTextMode.Never, "ટૂંકું.").Summary);
        Assert.Equal("વર્ણન", Draft(FullTextMode.Auto, "ટૂંકું.", summary: "વર્ણન").Summary);
    }

    [Fact]
    public void An_article_that_wants_no_page_hashes_as_before_pages_existed()
    {
        // The hash of the release before pages: an upgrade must not see every stored article as changed.
        var draft = Draft(FullTextMode.Never, "ટૂંકું.");
        var before = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\u001f', "શીર્ષક", "https://news.example/a", null, null, null, "ટૂંકું.", "gu", "g"))));
        Assert.Equal(before, draft.ContentHash);
    }
}
