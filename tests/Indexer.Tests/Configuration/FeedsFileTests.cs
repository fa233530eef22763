using Indexer.Configuration;

namespace Indexer.Tests.Configuration;

public sealed class FeedsFileTests
{
    private static IReadOnlyList<FeedDefinition> Parse(string json) => FeedsFile.Parse(json, "feeds.json", "/etc/indexer");

    private static string Error(string json) => Assert.Throws<ConfigException>(() => Parse(json)).Message;

    [Fact]
    public void Reads_interval_and_cron_feeds_with_their_defaults()
    {
        var feeds = Parse("""
            {"feeds": [
              {"id": "bbc-gujarati", "url": "https://feeds.bbci.co.uk/gujarati/rss.xml", "interval": "00:15:00"},
              {"id": "night", "url": "http://127.0.0.1:9/x", "cron": "0 0 2 * * ?", "enabled": false, "language": "GU"}
            ]}
            """);
        Assert.Equal(TimeSpan.FromMinutes(15), feeds[0].Interval);
        Assert.True(feeds[0].Enabled);
        Assert.Equal("gu", feeds[0].Language);
        Assert.Equal("0 0 2 * * ?", feeds[1].Cron);
        Assert.False(feeds[1].Enabled);
        Assert.Equal("gu", feeds[1].Language);
    }

    [Fact]
    public void A_dot_slash_path_is_a_file_in_the_config_folder()
    {
        var feed = Parse("""{"feeds": [{"id": "s", "url": "./feeds/sample.xml", "interval": "00:10:00"}]}""")[0];
        Assert.True(feed.Url.IsFile);
        Assert.Equal("/etc/indexer/feeds/sample.xml", feed.Url.LocalPath);
        Assert.Equal("./feeds/sample.xml", feed.ConfiguredUrl);
    }

    [Fact]
    public void A_json_mistake_is_reported_at_one_position_counted_from_1()
    {
        var message = Error("{\"feeds\": [\n  {\"id\": \"a\",\n   \"url\": }]}");
        Assert.Equal("feeds.json: not valid JSON at line 3, column 11: '}' is an invalid start of a value", message);
    }

    [Theory]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "00:01:00"}, {"id": "a", "url": "http://x.test/2", "interval": "00:01:00"}]}""", "feed \"a\": field \"id\": duplicate")]
    [InlineData("""{"feeds": [{"id": "a", "url": "not a url", "interval": "00:01:00"}]}""", "feed \"a\": field \"url\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "ftp://x.test/feed", "interval": "00:01:00"}]}""", "feed \"a\": field \"url\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "cron": "every minute"}]}""", "feed \"a\": field \"cron\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "cron": "0 0 0 31 2 ?"}]}""", "feed \"a\": field \"cron\": \"0 0 0 31 2 ?\" never fires")]
    [InlineData("""{"feeds": [{"id": "bbc", "url": "http://x.test/1", "interval": "00:01:00"}, {"id": "BBC", "url": "http://x.test/2", "interval": "00:01:00"}]}""", "feed \"BBC\": field \"id\": duplicate")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "00:01:00", "intervall": "1"}]}""", "feed \"a\": unknown field \"intervall\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "00:00:00.500"}]}""", "feed \"a\": field \"interval\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "soon"}]}""", "feed \"a\": field \"interval\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "10"}]}""", "feed \"a\": field \"interval\": \"10\" is not a time span")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1"}]}""", "feed \"a\": field \"interval\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "00:01:00", "cron": "0 * * * * ?"}]}""", "feed \"a\": fields \"interval\" and \"cron\"")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://x.test/1", "interval": "00:01:00", "enabled": "yes"}]}""", "feed \"a\": field \"enabled\"")]
    [InlineData("""{"feeds": [{"url": "http://x.test/1", "interval": "00:01:00"}]}""", "feeds[0]: field \"id\"")]
    [InlineData("""{"feedz": []}""", "unknown field \"feedz\"")]
    [InlineData("""{"feeds": [ """, "not valid JSON")]
    public void Invalid_config_is_rejected_with_a_message_naming_the_feed_and_the_field(string json, string expected)
    {
        var message = Error(json);
        Assert.StartsWith("feeds.json: ", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void A_missing_file_says_where_it_looked()
    {
        using var folder = new Support.TempDirectory();
        var message = Assert.Throws<ConfigException>(() => FeedsFile.Load(folder.Path)).Message;
        Assert.Contains(Path.Combine(folder.Path, "feeds.json"), message);
    }

    [Fact]
    public void The_shipped_default_config_is_valid_and_includes_the_offline_sample()
    {
        var configFolder = Path.Combine(Support.RepositoryRoot.Path, "config");
        var feeds = FeedsFile.Load(configFolder);
        var sample = Assert.Single(feeds, f => f.Url.IsFile);
        Assert.True(File.Exists(sample.Url.LocalPath));
        Assert.Contains(feeds, f => f.Url.Host.Contains("bbc", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", FullTextMode.Auto)]
    [InlineData(", \"fullText\": \"always\"", FullTextMode.Always)]
    [InlineData(", \"fullText\": \"never\"", FullTextMode.Never)]
    public void Full_text_defaults_to_auto(string field, FullTextMode expected) =>
        Assert.Equal(expected, Parse($$"""{"feeds": [{"id": "s", "url": "https://news.example/rss", "interval": "00:10:00"{{field}}}]}""")[0].FullText);

    [Fact]
    public void An_unknown_full_text_mode_names_the_feed_and_the_choices() =>
        Assert.Equal("feeds.json: feed \"s\": field \"fullText\": \"sometimes\" is not allowed; use auto, always or never",
            Error("""{"feeds": [{"id": "s", "url": "https://news.example/rss", "interval": "00:10:00", "fullText": "sometimes"}]}"""));
}
