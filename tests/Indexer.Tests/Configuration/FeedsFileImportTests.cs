using Indexer.Configuration;

namespace Indexer.Tests.Configuration;

public sealed class FeedsFileImportTests
{
    private static FeedsFileImport.Result Add(string? existing, params ImportedFeed[] feeds) =>
        FeedsFileImport.Add(existing, "feeds.json", "/etc/indexer", feeds);

    private static ImportedFeed Feed(string title, string url, string? category = null) => new(title, new Uri(url), category);

    [Fact]
    public void New_feeds_get_ids_from_their_titles_auto_polling_and_their_category_after_the_existing_ones()
    {
        const string existing = """
            {
              // ours, kept as written
              "feeds": [
                { "id": "sample", "url": "./feeds/sample.xml", "interval": "00:10:00" }
              ]
            }
            """;
        var result = Add(existing,
            Feed("Gujarat Samachar: Top Stories!", "http://127.0.0.1/samachar.xml", "સમાચાર"),
            Feed("ગુજરાતી સમાચાર", "http://127.0.0.1/bbc/gujarati/rss.xml"),
            Feed("gujarat samachar top stories", "http://127.0.0.1/other.xml"));

        Assert.Contains("// ours, kept as written", result.Json);
        Assert.Equal(["gujarat-samachar-top-stories", "127-0-0-1-bbc-gujarati-rss-xml", "gujarat-samachar-top-stories-2"], result.Added.Select(f => f.Id));
        Assert.All(result.Added, f => Assert.True(f.Auto));
        Assert.Equal("સમાચાર", result.Added[0].Category);
        var all = FeedsFile.Parse(result.Json, "feeds.json", "/etc/indexer");
        Assert.Equal(["sample", .. result.Added.Select(f => f.Id)], all.Select(f => f.Id));
    }

    [Fact]
    public void A_feed_already_there_by_url_is_left_alone_and_nothing_changes_when_all_are()
    {
        const string existing = """{"feeds": [{"id": "mine", "url": "http://127.0.0.1/a.xml", "interval": "00:05:00"}]}""";
        var result = Add(existing, Feed("Theirs", "http://127.0.0.1/a.xml", "News"), Feed("Twice", "http://127.0.0.1/a.xml"));
        Assert.Empty(result.Added);
        Assert.Equal(2, result.AlreadyPresent.Count);
        Assert.Equal(existing, result.Json);
    }

    [Theory]
    [InlineData("""{"feeds": []}""")]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://127.0.0.1/a", "interval": "00:01:00"},]}""")]
    [InlineData(null)]
    public void Adds_to_an_empty_list_a_list_with_a_trailing_comma_or_no_file_at_all(string? existing)
    {
        var result = Add(existing, Feed("New", "http://127.0.0.1/new.xml"));
        Assert.Equal("new", Assert.Single(result.Added).Id);
        Assert.Contains(FeedsFile.Parse(result.Json, "feeds.json", "/etc/indexer"), f => f.Id == "new");
    }

    [Theory]
    [InlineData("{ \"id\": \"first\", \"url\": \"http://127.0.0.1/a\", \"interval\": \"auto\" } // keep me")]
    [InlineData("{ \"id\": \"first\", \"url\": \"http://127.0.0.1/a\", \"interval\": \"auto\" }, // keep me")]
    [InlineData("{ \"id\": \"first\", \"url\": \"http://127.0.0.1/a\", \"interval\": \"auto\" } /* keep me */")]
    public void A_comment_beside_the_last_entry_stays_beside_it(string last)
    {
        var existing = "{\n  \"feeds\": [\n    " + last + "\n  ]\n}\n";
        var result = Add(existing, Feed("New", "http://127.0.0.1/new.xml"), Feed("Newer", "http://127.0.0.1/newer.xml"));
        var lines = result.Json.Split('\n');
        Assert.Contains(lines, line => line.Contains("\"first\"") && line.Contains("keep me"));
        Assert.DoesNotContain(lines, line => line.Contains("\"new\"") && line.Contains("keep me"));
        Assert.Equal(["first", "new", "newer"], FeedsFile.Parse(result.Json, "feeds.json", "/etc/indexer").Select(f => f.Id));
    }

    [Fact]
    public void A_broken_feeds_file_is_not_touched()
    {
        var error = Assert.Throws<ConfigException>(() => Add("""{"feeds": [{"id": "a"}]}""", Feed("New", "http://127.0.0.1/new.xml")));
        Assert.Contains("feed \"a\": field \"url\": required", error.Message);
    }

    [Fact]
    public void The_file_is_replaced_in_one_step()
    {
        using var folder = new Indexer.Tests.Support.TempDirectory();
        var path = folder.Write("feeds.json", """{"feeds": []}""");
        FeedsFileImport.WriteAtomically(path, """{"feeds": [{"id": "x", "url": "http://127.0.0.1/x", "interval": "auto"}]}""");
        Assert.Contains("\"x\"", File.ReadAllText(path));
        Assert.Equal(["feeds.json"], Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }
}
