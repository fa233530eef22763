using System.Text;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

/// <summary>Feeds that are not well-formed XML but are readable, and the limits of what is repaired.</summary>
public class FeedParserRepairTests
{
    private static readonly Uri FeedUrl = new("https://repair.example/feed.xml");
    private readonly FeedParser _parser = new();

    private ParsedFeed Parse(string xml) => _parser.Parse(Encoding.UTF8.GetBytes(xml), FeedUrl, null);

    [Fact]
    public void Html_named_entities_undeclared_in_xml_are_read_as_their_characters()
    {
        var feed = Parse("""<rss version="2.0"><channel><title>Caf&eacute;&nbsp;News</title><item><title>It&rsquo;s &hellip;</title><description>&lt;p&gt;&copy; 2025&lt;/p&gt;</description></item></channel></rss>""");

        Assert.Equal("Café News", feed.Title);
        Assert.Equal("It\u2019s \u2026", feed.Items[0].Title);
        Assert.Equal("© 2025", feed.Items[0].Body);
    }

    [Fact]
    public void Bare_ampersands_are_read_as_text_while_references_stay_references()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>AT&T & Jio &amp; Vi &#169;</title><link>https://repair.example/q?a=1&b=2</link></item></channel></rss>""");

        Assert.Equal("AT&T & Jio & Vi ©", feed.Items[0].Title);
        Assert.Equal("https://repair.example/q?a=1&b=2", feed.Items[0].Link);
    }

    [Fact]
    public void Cdata_is_not_touched_by_the_repair()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>A&nbsp;B</title><description><![CDATA[x &amp;nbsp; y]]></description></item></channel></rss>""");

        Assert.Equal("x &nbsp; y", feed.Items[0].Body);
    }

    [Fact]
    public void Uppercase_hex_character_reference_is_read()
    {
        Assert.Equal("A", Parse("""<rss version="2.0"><channel><title>&#X41;</title></channel></rss>""").Title);
    }

    [Fact]
    public void Undeclared_namespace_prefixes_are_declared()
    {
        var feed = Parse("""<rss version="2.0"><channel><item><title>t</title><dc:creator>લેખક</dc:creator><media:content url="https://repair.example/a.jpg"/></item></channel></rss>""");

        Assert.Equal("લેખક", feed.Items[0].Author);
    }

    [Theory]
    [InlineData("\n\n  <?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>ok</title></channel></rss>")]
    [InlineData("<!-- generated -->\n<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>ok</title></channel></rss>")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>ok</title></channel></rss>")]
    public void Junk_before_or_a_misplaced_xml_declaration_is_ignored(string xml)
    {
        Assert.Equal("ok", Parse(xml).Title);
    }

    [Fact]
    public void Entity_only_a_dtd_could_define_still_fails_with_its_name()
    {
        var error = Assert.Throws<FeedFormatException>(() =>
            Parse("<!DOCTYPE rss [<!ENTITY site \"x\">]>\n<rss version=\"2.0\"><channel><title>&site; &nbsp;</title></channel></rss>"));

        Assert.Equal("XML error at line 2, position 37: the document declares its own entities in a DTD, which are not expanded (entity 'site')", error.Message);
    }

    [Fact]
    public void An_entity_no_dtd_declares_is_still_called_undeclared()
    {
        var error = Assert.Throws<FeedFormatException>(() =>
            Parse("<rss version=\"2.0\"><channel><title>&site;</title></channel></rss>"));

        Assert.Equal("XML error at line 1, position 37: Reference to undeclared entity 'site'.", error.Message);
    }

    [Fact]
    public void An_unclosed_tag_in_one_item_drops_that_item_and_keeps_the_others()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><title>t</title>
            <item><guid>uc-1</guid><title>unclosedgood one</title><description>fine</description></item>
            <item><guid>uc-2</guid><title>unclosed <b>bold</title><description>x</description></item>
            <item><guid>uc-3</guid><title>unclosedgood three</title><description>fine</description></item>
            </channel></rss>
            """);

        Assert.Equal(["uc-1", "uc-3"], feed.Items.Select(i => i.Guid));
        Assert.Equal(
            "not well-formed XML (at line 3, position 49: The 'b' start tag on line 3 position 41 does not match the end tag of 'title'.); "
            + "dropped item 2 of 3, which cannot be read on its own, and kept the other 2",
            Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Broken_atom_entries_are_dropped_and_the_others_keep_the_feeds_namespace()
    {
        var feed = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>એટમ</title>
            <entry><id>e1</id><title>એક</title><author><name>લેખક</name></author><content>પહેલું</content></entry>
            <entry><id>e2</id><title>બે <br></title><content>x</content></entry>
            <entry><id>e3</id><title>ત્રણ</title><content>ત્રીજું <p>ખુલ્લું</content></entry>
            <entry><id>e4</id><title>ચાર</title><content>ચોથું</content></entry>
            </feed>
            """);

        Assert.Equal("Atom 1.0", feed.Format);
        Assert.Equal(["e1", "e4"], feed.Items.Select(i => i.Guid));
        Assert.Equal(("એક", "લેખક"), (feed.Items[0].Title, feed.Items[0].Author));
        Assert.EndsWith("dropped items 2, 3 of 4, which cannot be read on their own, and kept the other 2", Assert.Single(feed.Warnings));
    }

    [Theory]
    // Broken in an item and cut off inside the last one: the items cannot be told apart, those before the break can.
    [InlineData("<rss version=\"2.0\"><channel><item><title>a</title></item><item><title>b <b></title></item><item><title>c</tit")]
    // The items are whole; the break is in what closes the channel.
    [InlineData("<rss version=\"2.0\"><channel><item><title>a</title></item></chanel></rss>")]
    public void When_the_items_cannot_be_read_one_by_one_those_before_the_break_are_kept(string xml)
    {
        var feed = Parse(xml);

        Assert.Equal("a", Assert.Single(feed.Items).Title);
        Assert.EndsWith("; kept the items before it, without the item it is in", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Error_after_repair_reports_the_publishers_line()
    {
        var error = Assert.Throws<FeedFormatException>(() =>
            Parse("\n\n<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>a</titel></channel></rss>"));

        Assert.StartsWith("XML error at line 5, position ", error.Message);
    }

    [Fact]
    public void Truncated_feed_keeps_its_complete_items_and_drops_the_one_cut_off()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><title>કપાયેલી</title>
            <item><title>એક</title><description>પૂરું</description></item>
            <item><title>બે</title><description>પૂરું</description></item>
            <item><title>ત્રણ</title><description>અડધું લખા
            """);

        Assert.Equal("કપાયેલી", feed.Title);
        Assert.Equal(["એક", "બે"], feed.Items.Select(i => i.Title));
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>a</title></entry>")]
    [InlineData("<rss version=\"2.0\"><channel><item><title><![CDATA[a]]></title></item><item><title><![CDATA[b")]
    public void Feed_cut_after_an_item_keeps_it(string xml)
    {
        Assert.Equal("a", Assert.Single(Parse(xml).Items).Title);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><item><title>a</item></channel></rss>")]
    [InlineData("<rss version=\"2.0\"><channel><item><title>a < b</title></item></channel></rss>")]
    [InlineData("<rss version=\"2.0\"><channel><title>a <b></title><item><title>a</title></item></channel></rss>")]
    public void Malformed_xml_with_no_item_readable_is_still_rejected(string xml)
    {
        Assert.StartsWith("XML error at line 1", Assert.Throws<FeedFormatException>(() => Parse(xml)).Message);
    }

    [Fact]
    public void Junk_after_the_root_element_is_ignored()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>\n<br />\n<b>Warning</b>: in <b>/var/www/feed.php</b>");

        Assert.Equal("a", Assert.Single(feed.Items).Title);
    }

    [Fact]
    public void Cut_off_document_whose_root_is_an_entry_is_rejected_as_not_a_feed()
    {
        var error = Assert.Throws<FeedFormatException>(() => Parse("<entry xmlns=\"http://www.w3.org/2005/Atom\"><title>a</title><id>x"));

        Assert.Equal("not a feed: the XML root element is <entry>", error.Message);
    }

    [Fact]
    public void Document_cut_before_its_root_element_is_rejected()
    {
        Assert.StartsWith("XML error", Assert.Throws<FeedFormatException>(() => Parse("<?xml version=\"1.0\"?>\n<!-- only a comm")).Message);
    }

    [Fact]
    public void A_well_formed_feed_served_as_a_feed_has_no_warning()
    {
        var feed = _parser.Parse(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>"), FeedUrl, "application/rss+xml; charset=utf-8");
        Assert.Empty(feed.Warnings);
    }

    [Fact]
    public void A_cut_off_feed_says_where_it_was_cut_and_that_an_item_was_dropped()
    {
        var feed = Parse("<rss version=\"2.0\"><channel>\n<item><title>a</title></item>\n<item><title>b");
        var warning = Assert.Single(feed.Warnings);
        Assert.StartsWith("the document is cut off (at line 3, position ", warning);
        Assert.EndsWith("kept what was complete before the cut, without the item cut in half", warning);
    }

    [Fact]
    public void A_repaired_feed_says_what_was_not_well_formed()
    {
        var warning = Assert.Single(Parse("<rss version=\"2.0\"><channel><item><title>AT&T</title></item></channel></rss>").Warnings);
        Assert.StartsWith("not well-formed XML (at line 1, position ", warning);
        Assert.EndsWith("; read after repairing it", warning);
    }

    [Fact]
    public void Junk_after_the_document_is_a_warning()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>\n<b>Warning</b>: in feed.php");
        Assert.StartsWith("junk after the end of the document (at line 2", Assert.Single(feed.Warnings));
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>", "text/html; charset=utf-8", "served as text/html, which is not a feed type; read as RSS")]
    [InlineData("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"items\": []}", "text/plain", "served as text/plain, which is not a feed type; read as JSON")]
    public void A_feed_served_as_another_type_is_read_with_a_warning(string body, string contentType, string expected)
    {
        var feed = _parser.Parse(Encoding.UTF8.GetBytes(body), FeedUrl, contentType);
        Assert.StartsWith(expected, Assert.Single(feed.Warnings));
    }
}
