using System.Text;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

/// <summary>Feed shapes that are valid, or readable, but stray from the common case.</summary>
public class FeedParserFormatTests
{
    private static readonly Uri FeedUrl = new("https://shapes.example/feed.xml");
    private readonly FeedParser _parser = new();

    private ParsedFeed Parse(string xml) => _parser.Parse(Encoding.UTF8.GetBytes(xml), FeedUrl, null);

    [Theory]
    [InlineData("""<rss version="2.0"></rss>""")]
    [InlineData("""<rss version="2.0"><channel></channel></rss>""")]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"></rdf:RDF>""")]
    [InlineData("""<feed xmlns="http://www.w3.org/2005/Atom"></feed>""")]
    public void Feed_without_items_is_an_empty_feed_not_an_error(string xml)
    {
        Assert.Empty(Parse(xml).Items);
    }

    [Fact]
    public void Rss_items_outside_a_channel_are_read()
    {
        var feed = Parse("""<rss version="0.91"><item><title>છૂટું</title><link>https://shapes.example/1</link></item></rss>""");

        var item = Assert.Single(feed.Items);
        Assert.Equal("છૂટું", item.Title);
        Assert.Equal("https://shapes.example/1", item.Link);
    }

    [Fact]
    public void Rss1_with_every_element_under_a_prefix_is_read()
    {
        var feed = Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/">
              <rss:channel rdf:about="https://shapes.example/"><rss:title>પ્રિફિક્સ</rss:title></rss:channel>
              <rss:item rdf:about="https://shapes.example/a"><rss:title>એક</rss:title><rss:link>https://shapes.example/a</rss:link></rss:item>
            </rdf:RDF>
            """);

        Assert.Equal("પ્રિફિક્સ", feed.Title);
        var item = Assert.Single(feed.Items);
        Assert.Equal("એક", item.Title);
        Assert.Equal("https://shapes.example/a", item.Guid);
    }

    [Fact]
    public void Rss_element_names_are_matched_ignoring_case()
    {
        var feed = Parse("""<rss version="2.0"><channel><Title>Feed</Title><item><Title>Item</Title><PubDate>Sat, 13 Sep 2025 10:15:00 IST</PubDate></item></channel></rss>""");

        Assert.Equal("Feed", feed.Title);
        Assert.Equal("Item", feed.Items[0].Title);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), feed.Items[0].Published);
    }

    [Fact]
    public void Rss_fields_found_only_in_modules_are_used()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
                 xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
              <channel><dc:title>DC feed</dc:title>
                <item><dc:title>DC title</dc:title><dcterms:issued>2025-09-13T04:45:00Z</dcterms:issued>
                  <itunes:author>Podcaster</itunes:author><itunes:summary>From iTunes</itunes:summary></item>
                <item><media:title>Media title</media:title><media:group><media:description>From media</media:description></media:group>
                  <dc:author>DC author</dc:author></item>
              </channel>
            </rss>
            """);

        Assert.Equal("DC feed", feed.Title);
        var first = feed.Items[0];
        Assert.Equal("DC title", first.Title);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("Podcaster", first.Author);
        Assert.Equal("From iTunes", first.Summary);
        var second = feed.Items[1];
        Assert.Equal("Media title", second.Title);
        Assert.Equal("From media", second.Body);
        Assert.Equal("DC author", second.Author);
    }

    [Fact]
    public void Rss_inline_xhtml_body_is_the_item_body()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><description>ટૂંકું</description><body xmlns="http://www.w3.org/1999/xhtml"><p>પહેલો</p><p>બીજો &amp; છેલ્લો</p></body></item></channel></rss>""");

        Assert.Equal("પહેલો\nબીજો & છેલ્લો", feed.Items[0].Body);
        Assert.Equal("ટૂંકું", feed.Items[0].Summary);
    }

    [Fact]
    public void Atom_feed_title_is_a_text_construct_without_script_text()
    {
        var feed = Parse("""<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Safe<script>alert(1)</script> &lt;title&gt;</div></title></feed>""");

        Assert.Equal("Safe <title>", feed.Title);
    }

    [Fact]
    public void Atom03_inline_xml_without_a_mode_is_read_as_xml()
    {
        var feed = Parse("""<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; tag</div></title></entry></feed>""");

        Assert.Equal("History of the <blink> tag", feed.Items[0].Title);
    }

    [Fact]
    public void Atom_base64_content_is_decoded()
    {
        var html = Convert.ToBase64String(Encoding.UTF8.GetBytes("<p>ગુજરાતી <b>લખાણ</b></p>"));
        var feed = Parse($"""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
              <title type="application/octet-stream">{Convert.ToBase64String("Plain <b>title</b>"u8.ToArray())}</title>
              <content type="text/html" mode="base64">{html}</content>
            </entry></feed>
            """);

        Assert.Equal("Plain <b>title</b>", feed.Items[0].Title);
        Assert.Equal("ગુજરાતી લખાણ", feed.Items[0].Body);
    }

    [Fact]
    public void Language_with_an_underscore_is_read_as_a_bcp47_tag()
    {
        Assert.Equal("gu-IN", Parse("""<rss version="2.0"><channel><language>gu_IN</language></channel></rss>""").Language);
    }

    [Theory]
    [InlineData("<language>gu, en</language>")]
    [InlineData("<language>ગુજરાતી</language>")]
    [InlineData("<language>g</language>")]
    public void A_language_that_is_no_language_tag_is_left_out_and_the_feeds_own_applies(string channelLanguage)
    {
        var feed = Parse($"""<rss version="2.0"><channel>{channelLanguage}<item><title>એક</title></item></channel></rss>""");

        Assert.Null(feed.Language);
        Assert.Null(Assert.Single(feed.Items).Language);
    }

    [Fact]
    public void A_hostile_feeds_immense_language_is_left_out_of_every_format()
    {
        // As one term of every article's index document, a language this long made Lucene refuse all of them.
        var immense = new string('x', 40_000);
        var rss = Parse($"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><language>gu</language><item><title>એક</title><dc:language>{immense}</dc:language></item></channel></rss>""");
        var atom = Parse($"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{immense}"><entry><title>એક</title></entry></feed>""");
        var json = _parser.Parse(Encoding.UTF8.GetBytes($$"""{"version":"https://jsonfeed.org/version/1.1","title":"t","language":"{{immense}}","items":[{"id":"1","content_text":"એક","language":"{{immense}}"}]}"""),
            FeedUrl, "application/feed+json");

        Assert.Equal("gu", Assert.Single(rss.Items).Language);
        Assert.Null(Assert.Single(atom.Items).Language);
        Assert.Null(json.Language);
        Assert.Null(Assert.Single(json.Items).Language);
    }

    [Fact]
    public void Cdf_channel_is_read()
    {
        var feed = Parse("""
            <CHANNEL HREF="https://cdf.example/" BASE="https://cdf.example/news/">
              <TITLE>CDF ચેનલ</TITLE>
              <ITEM HREF="story-1.html" LASTMOD="2025-09-13T10:15:00+05:30"><TITLE>વાર્તા</TITLE><ABSTRACT>સાર</ABSTRACT></ITEM>
            </CHANNEL>
            """);

        Assert.Equal("CDF", feed.Format);
        Assert.Equal("CDF ચેનલ", feed.Title);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://cdf.example/news/story-1.html", item.Link);
        Assert.Equal("વાર્તા", item.Title);
        Assert.Equal("સાર", item.Body);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), item.Published);
    }
}
