using System.Xml.Linq;
using CodeHollow.FeedReader;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

/// <summary>
/// The RSS items worked out without the library are the elements CodeHollow.FeedReader returns from its own parse
/// of the serialised document, and every field read from them is the same.
/// </summary>
public class LibraryRssItemsTests
{
    private static readonly Uri FeedUrl = new("https://items.example/feed.xml");

    // Pretty-printed, CDATA between whitespace, and an inline XHTML body whose spaces between elements the
    // library's parse drops: the body reads "એકબે" there, and so must it here.
    private const string XhtmlFeed = """
        <rss version="2.0" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel>
            <title>ખબર</title>
            <item>
              <title>
                <![CDATA[ શીર્ષક ]]>
              </title>
              <description>
                <![CDATA[<p>સાર</p>]]>
              </description>
              <xhtml:body><xhtml:p><xhtml:b>એક</xhtml:b> <xhtml:i>બે</xhtml:i></xhtml:p>
              </xhtml:body>
              <dc:creator> લેખક </dc:creator>
              <guid>https://items.example/1</guid>
            </item>
            <item xml:lang="gu-IN" xml:base="https://items.example/sub/"><title>બીજું</title><link>two</link></item>
          </channel>
        </rss>
        """;

    public static TheoryData<string> PredictedFeeds => new()
    {
        File.ReadAllText(Fixtures.PathOf("gujarati-rss2.xml")),
        XhtmlFeed,
        // Media RSS: the library's Media RSS reader, chosen by the root's media prefix.
        """
        <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>m</title>
          <item><media:title>મીડિયા</media:title><media:content url="https://items.example/a.jpg"><media:description> ફોટો </media:description></media:content></item>
        </channel></rss>
        """,
        // No version, an unknown one: the library reads both as RSS 2.0.
        """<rss><channel><item><title>a</title></item><item><title>b</title></item></channel></rss>""",
        """<rss version="2.01"><channel><item><title>a</title><description>x <b>y</b></description></item></channel></rss>""",
    };

    [Theory]
    [MemberData(nameof(PredictedFeeds))]
    public void Predicted_items_are_the_library_items_and_read_the_same(string xml)
    {
        var predicted = LibraryRssItems.Predict(Load(xml));
        Assert.NotNull(predicted);
        Assert.NotNull(predicted.Items);
        var ours = predicted.AsLibraryParsedThem();
        var library = LibraryItems(Load(xml));

        Assert.NotEmpty(ours);
        Assert.Equal(library.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            Assert.Equal(library[i].ToString(SaveOptions.DisableFormatting), ours[i].ToString(SaveOptions.DisableFormatting));
            Assert.Equal(RssItemReader.Read(library[i], FeedUrl, "gu"), RssItemReader.Read(ours[i], FeedUrl, "gu"));
        }
    }

    [Fact]
    public void A_feed_read_through_the_library_and_without_it_has_the_same_items()
    {
        var feed = new FeedParser().Parse(System.Text.Encoding.UTF8.GetBytes(XhtmlFeed), FeedUrl, null);

        var library = LibraryItems(Load(XhtmlFeed)).Select(e => RssItemReader.Read(e, FeedUrl, null)).ToList();
        Assert.Equal(library, feed.Items);
        Assert.Equal("એકબે", feed.Items[0].Body);
        Assert.Equal("https://items.example/sub/two", feed.Items[1].Link);
        Assert.Equal("gu-IN", feed.Items[1].Language);
    }

    [Fact]
    public void Without_a_channel_the_library_fails_and_so_the_prediction_has_no_items()
    {
        var predicted = LibraryRssItems.Predict(Load("""<rss version="2.0"><Channel><item><title>a</title></item></Channel></rss>"""));

        Assert.NotNull(predicted);
        Assert.Null(predicted.Items);
        Assert.ThrowsAny<Exception>(() => LibraryItems(Load("""<rss version="2.0"><Channel><item><title>a</title></item></Channel></rss>""")));
    }

    [Theory]
    // What the round trip through the library's parse would change, or readers it does not share.
    [InlineData("""<rss version="2.0"><channel><item><title>a&#127;b</title></item></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><item><title>a&#xFEFF;b</title></item></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><item><title>a&#13;b</title></item></channel></rss>""")]
    [InlineData("""<rss version="2.0"><channel><item xml:space="preserve"><title> </title></item></channel></rss>""")]
    [InlineData("""<rss version="0.91"><channel><item><title>a</title></item></channel></rss>""")]
    [InlineData("""<rss version="0.92"><channel><item><title>a</title></item></channel></rss>""")]
    [InlineData("""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title></entry></feed>""")]
    [InlineData("""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>a</title></item></rdf:RDF>""")]
    public void Documents_the_round_trip_would_change_are_left_to_the_library(string xml)
    {
        Assert.Null(LibraryRssItems.Predict(Load(xml)));
    }

    [Fact]
    public void A_salvaged_document_with_undeclared_namespaces_is_left_to_the_library()
    {
        // Cut off: the salvage builds the document by hand, without the namespace declarations.
        var loaded = SafeXmlLoader.Load("""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><dc:creator>a</dc:creator></item><item><title>b""");

        Assert.NotNull(loaded.Warning);
        Assert.Null(LibraryRssItems.Predict(loaded.Document));
    }

    private static XDocument Load(string xml) => SafeXmlLoader.Load(xml).Document;

    // What XmlFeedReader asks the library for when it cannot predict.
    private static List<XElement> LibraryItems(XDocument document) =>
        FeedReader.ReadFromString(document.ToString(SaveOptions.DisableFormatting)).Items
            .Select(i => i.SpecificItem?.Element).OfType<XElement>().ToList();
}
