using Indexer.Feeds.Pages;

namespace Indexer.Feeds.Tests.Pages;

public sealed class RobotsTxtTests
{
    private const string Token = "GujaratiNewsIndexer";

    private static bool Allowed(string robots, string path) => RobotsTxt.Parse(robots, Token).IsAllowed(new Uri("https://news.example" + path));

    [Theory]
    [InlineData("/news/story", false)]
    [InlineData("/news/public/story", true)]
    [InlineData("/other", true)]
    public void The_longest_matching_rule_wins(string path, bool allowed) =>
        Assert.Equal(allowed, Allowed("User-agent: *\nDisallow: /news/\nAllow: /news/public/\n", path));

    [Fact]
    public void Our_own_group_replaces_the_star_group() =>
        Assert.True(Allowed("User-agent: *\nDisallow: /\n\nUser-agent: gujaratinewsindexer\nDisallow: /private\n", "/news/1"));

    [Theory]
    [InlineData("/print/1.pdf", false)]
    [InlineData("/print/1.pdf?x=1", true)]
    [InlineData("/a/b?session=9", false)]
    public void Wildcards_and_end_anchors_match_as_rfc_9309_says(string path, bool allowed) =>
        Assert.Equal(allowed, Allowed("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\n", path));

    [Fact]
    public void An_empty_disallow_allows_everything() => Assert.True(Allowed("User-agent: *\nDisallow:\n", "/anything"));

    [Fact]
    public void A_gujarati_path_written_raw_matches_the_percent_encoded_url() =>
        Assert.False(Allowed("User-agent: *\nDisallow: /સમાચાર/\n", "/" + Uri.EscapeDataString("સમાચાર") + "/1"));
}
