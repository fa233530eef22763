using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

public class FeedParserTests
{
    private static readonly Uri FeedUrl = new("https://news.example/rss/gujarat.xml");
    private readonly FeedParser _parser = new();

    private ParsedFeed Parse(string fixture, string? contentType = null, Uri? feedUrl = null) =>
        _parser.Parse(Fixtures.Bytes(fixture), feedUrl ?? FeedUrl, contentType);

    [Fact]
    public void Rss2_reads_feed_fields_and_keeps_item_order()
    {
        var feed = Parse("gujarati-rss2.xml");

        Assert.Equal("RSS 2.0", feed.Format);
        Assert.Equal("ગુજરાત સમાચાર", feed.Title);
        Assert.Equal("gu", feed.Language);
        Assert.Equal(TimeSpan.FromMinutes(15), feed.Ttl);
        Assert.Equal(["article-101", null, "https://news.example/misc/no-date"], feed.Items.Select(i => i.Guid));
    }

    [Fact]
    public void Rss2_item_prefers_content_encoded_and_reads_ist_dates_itself()
    {
        var item = Parse("gujarati-rss2.xml").Items[0];

        Assert.Equal("કિમ જોંગ ઉનની રશિયાના યુદ્ધમાં સહાયની પ્રતિબદ્ધતા", item.Title);
        Assert.Equal("https://news.example/world/kim-russia", item.Link);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), item.Published);
        Assert.Equal(TimeSpan.Zero, item.Published!.Value.Offset);
        Assert.Equal("Sat, 13 Sep 2025 10:15:00 IST", item.PublishedRaw);
        Assert.Equal("સ્ટાફ રિપોર્ટર", item.Author);
        Assert.Equal("ટૂંકો સાર & વધુ", item.Summary);
        Assert.Equal("ઉત્તર કોરિયાના નેતા કિમ જોંગ ઉનએ શનિવારે જણાવ્યું.\nબીજો ફકરો\nનવી લાઇન", item.Body);
        Assert.Equal("gu", item.Language);
    }

    [Fact]
    public void Rss2_item_without_content_uses_description_and_decodes_title_entities()
    {
        var item = Parse("gujarati-rss2.xml").Items[1];

        Assert.Equal("Markets & rupee", item.Title);
        Assert.Equal("રૂપિયો મજબૂત", item.Body);
        Assert.Equal("રૂપિયો મજબૂત", item.Summary);
        Assert.Equal("desk@news.example (Business Desk)", item.Author);
        Assert.Equal(new DateTimeOffset(2025, 9, 12, 12, 30, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Rss2_unreadable_date_is_null_with_raw_kept_and_permalink_guid_becomes_link()
    {
        var item = Parse("gujarati-rss2.xml").Items[2];

        Assert.Null(item.Published);
        Assert.Equal("ગઈકાલે સાંજે", item.PublishedRaw);
        Assert.Equal("https://news.example/misc/no-date", item.Link);
    }

    [Fact]
    public void Atom1_reads_entries_with_xml_base_languages_and_fallback_dates()
    {
        var feed = Parse("atom1.xml");

        Assert.Equal("Atom 1.0", feed.Format);
        Assert.Equal("સંદેશ & સમાચાર", feed.Title);
        Assert.Equal("gu", feed.Language);
        Assert.Null(feed.Ttl);

        var first = feed.Items[0];
        Assert.Equal("urn:uuid:entry-1", first.Guid);
        Assert.Equal("https://atom.example/news/election.html", first.Link);
        Assert.Equal("ચૂંટણી પરિણામ", first.Title);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("રાજેશ પટેલ", first.Author);
        Assert.Equal("સાર અહીં", first.Summary);
        Assert.Equal("પહેલો ફકરો\nબીજો ફકરો", first.Body);
        Assert.Equal("gu", first.Language);

        var second = feed.Items[1];
        Assert.Equal("Weather <update>", second.Title);
        Assert.Equal("2025-09-14T06:00:00Z", second.PublishedRaw);
        Assert.Equal("સંપાદક", second.Author);
        Assert.Equal("Rain expected in Ahmedabad.", second.Body);
        Assert.Equal("en", second.Language);
    }

    [Fact]
    public void Atom03_resolves_nested_xml_base_and_reads_issued_and_escaped_content()
    {
        var feed = Parse("atom03.xml");

        Assert.Equal("Atom 0.3", feed.Format);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://old.example/blog/2025/first.html", item.Link);
        Assert.Equal("tag:old.example,2025:1", item.Guid);
        Assert.Equal(new DateTimeOffset(2025, 9, 10, 12, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Equal("આખી પોસ્ટ", item.Body);
        Assert.Equal("ટૂંકમાં", item.Summary);
        Assert.Equal("લેખક", item.Author);
        Assert.Equal("gu", item.Language);
    }

    [Fact]
    public void Rss1_rdf_uses_rdf_about_as_guid_and_dublin_core_fields()
    {
        var feed = Parse("rss1-rdf.xml");

        Assert.Equal("RSS 1.0", feed.Format);
        Assert.Equal("gu", feed.Language);
        Assert.Equal(2, feed.Items.Count);
        var first = feed.Items[0];
        Assert.Equal("https://rdf.example/a/1", first.Guid);
        Assert.Equal("એ. લેખક", first.Author);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("વર્ણન એક", first.Body);
        Assert.Null(feed.Items[1].Published);
    }

    [Fact]
    public void Json_feed_11_reads_items_in_order_with_content_preference()
    {
        var feed = Parse("jsonfeed11.json", "application/feed+json");

        Assert.Equal("JSON Feed 1.1", feed.Format);
        Assert.Equal("JSON સમાચાર", feed.Title);
        Assert.Equal("gu", feed.Language);
        Assert.Equal(["j-1", "2", "j-3"], feed.Items.Select(i => i.Guid));

        var html = feed.Items[0];
        Assert.Equal("https://news.example/stories/1", html.Link);
        Assert.Equal("અમદાવાદમાં ભારે વરસાદ\nબીજો ફકરો", html.Body);
        Assert.Equal("વરસાદ", html.Summary);
        Assert.Equal("હવામાન ડેસ્ક", html.Author);
        Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), html.Published);

        var text = feed.Items[1];
        Assert.Equal("Line one\nLine <two>", text.Body);
        Assert.Equal("en", text.Language);
        Assert.Equal("ડેસ્ક", text.Author);
        Assert.Equal("2025-09-12T00:00:00Z", text.PublishedRaw);

        var summaryOnly = feed.Items[2];
        Assert.Equal("ફક્ત સાર છે", summaryOnly.Body);
        Assert.Null(summaryOnly.Link);
        Assert.Equal("gu", summaryOnly.Language);
    }

    [Fact]
    public void Json_feed_mistakes_cost_only_the_item_or_field_they_are_in_and_are_named_in_a_warning()
    {
        var feed = Parse("jsonfeed-mistakes.json", "application/feed+json");

        Assert.Equal("ભૂલોવાળું JSON", feed.Title);
        // The null and the text in items are dropped; every object is an item, whatever is wrong inside it.
        Assert.Equal(["bad-title", "bad-date", "bad-content", "lone-surrogate", "good"], feed.Items.Select(i => i.Guid));
        var badTitle = feed.Items[0];
        Assert.Equal((null, "શીર્ષક યાદી છે", "ડેસ્ક"), (badTitle.Title, badTitle.Body, badTitle.Author));
        var badDate = feed.Items[1];
        Assert.Equal(("તારીખ આંકડો", (DateTimeOffset?)null, (string?)null), (badDate.Title, badDate.Published, badDate.PublishedRaw));
        var badContent = feed.Items[2];
        Assert.Equal(("સાદું લખાણ", "notalist"), (badContent.Body, badContent.Author));
        var loneSurrogate = feed.Items[3];
        Assert.Equal((null, "બાકી બરાબર", "ડેસ્ક"), (loneSurrogate.Title, loneSurrogate.Body, loneSurrogate.Author));
        Assert.Equal(("સારું", "બધું બરાબર"), (feed.Items[4].Title, feed.Items[4].Body));

        Assert.Equal(
            "JSON Feed read in part: items[0] is null, not an item (dropped); items[1].title is a list (ignored); "
            + "items[2] is text, not an item (dropped); and 4 more",
            Assert.Single(feed.Warnings));
    }

    [Theory]
    [InlineData("""{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[null,{"id":"jni-2","title":"good","content_text":"g"}]}""")]
    [InlineData("""{"version":"https://jsonfeed.org/version/1.1","title":"x","authors":[null],"items":[{"id":"jni-2","title":"good","content_text":"g","authors":[null]}]}""")]
    public void A_null_item_or_author_is_skipped(string json)
    {
        var feed = _parser.Parse(System.Text.Encoding.UTF8.GetBytes(json), FeedUrl, "application/feed+json");

        var item = Assert.Single(feed.Items);
        Assert.Equal(("jni-2", "good", (string?)null), (item.Guid, item.Title, item.Author));
    }

    [Fact]
    public void A_json_feed_10_author_given_as_text_is_read_as_the_name()
    {
        var json = """{"version":"https://jsonfeed.org/version/1","author":"Plain String","items":[{"id":"1","content_text":"એક"}]}""";

        var feed = _parser.Parse(System.Text.Encoding.UTF8.GetBytes(json), FeedUrl, "application/feed+json");

        Assert.Equal("Plain String", Assert.Single(feed.Items).Author);
        Assert.Equal("JSON Feed read in part: author is text, not an author object (read as the name)", Assert.Single(feed.Warnings));
    }

    [Fact]
    public void Rss091_with_netscape_doctype_is_read_without_fetching_the_dtd()
    {
        var feed = Parse("rss091-doctype.xml");

        Assert.Equal("RSS 0.91", feed.Format);
        Assert.Equal("en-us", feed.Language);
        var item = Assert.Single(feed.Items);
        Assert.Null(item.Guid);
        Assert.Equal("https://old91.example/1", item.Link);
    }

    [Fact]
    public void Html_page_is_rejected_as_not_a_feed()
    {
        var error = Assert.Throws<FeedFormatException>(() => Parse("html-page.html", "text/html; charset=utf-8"));

        Assert.Equal("not a feed: the response is an HTML page", error.Message);
    }

    [Fact]
    public void Xhtml_page_served_as_xml_is_rejected_as_html()
    {
        var xhtml = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>"u8.ToArray();

        var error = Assert.Throws<FeedFormatException>(() => _parser.Parse(xhtml, FeedUrl, "application/xml"));

        Assert.Equal("not a feed: the response is an HTML page", error.Message);
    }

    [Fact]
    public void A_broken_item_is_dropped_with_its_line_and_position_in_the_warning()
    {
        var feed = Parse("broken.xml");

        Assert.Equal("પહેલું", Assert.Single(feed.Items).Title);
        var warning = Assert.Single(feed.Warnings);
        Assert.StartsWith("not well-formed XML (at line 12, position 27: ", warning);
        Assert.Contains("does not match the end tag of 'titel'", warning);
        Assert.EndsWith("dropped item 2 of 2, which cannot be read on its own, and kept the other 1", warning);
    }

    [Theory]
    [InlineData("<sitemap><url/></sitemap>", "not a feed: the XML root element is <sitemap>")]
    [InlineData("{\"items\": []}", "not a feed: JSON without a jsonfeed.org version")]
    [InlineData("  \n", "not a feed: the response is empty")]
    [InlineData("hello", "not a feed: the response is neither XML nor JSON")]
    [InlineData("{\n\"version\": \"https://jsonfeed.org/version/1\",\n\"items\": [,]\n}", "JSON error at line 3, position 11: ")]
    [InlineData("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": {\"id\": \"1\"}}", "not a feed: the JSON Feed's items is an object, not a list")]
    public void Non_feeds_are_rejected_with_an_operator_readable_reason(string body, string expectedStart)
    {
        var error = Assert.Throws<FeedFormatException>(() => _parser.Parse(System.Text.Encoding.UTF8.GetBytes(body), FeedUrl, null));

        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void Links_with_unsafe_schemes_are_dropped()
    {
        var rss = """<rss version="2.0"><channel><title>t</title><item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>"""u8.ToArray();

        var item = Assert.Single(_parser.Parse(rss, FeedUrl, null).Items);

        Assert.Null(item.Link);
    }

    [Fact]
    public void Control_characters_in_the_xml_are_dropped_instead_of_failing()
    {
        var rss = "<rss version=\"2.0\"><channel><title>a\u0001b\u001Cc</title></channel></rss>"u8.ToArray();

        Assert.Equal("abc", _parser.Parse(rss, FeedUrl, null).Title);
    }
}
