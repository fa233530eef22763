using System.Text;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

public class FeedParserEncodingTests
{
    private static readonly Uri FeedUrl = new("https://enc.example/feed");
    private readonly FeedParser _parser = new();

    private string TitleOf(byte[] bytes, string? contentType) => _parser.Parse(bytes, FeedUrl, contentType).Items[0].Title!;

    [Fact]
    public void Windows1252_declaration_is_honoured()
    {
        Assert.Equal("\u201cSmart\u201d quotes \u2013 café", TitleOf(Fixtures.Bytes("windows-1252.xml"), null));
    }

    [Fact]
    public void Iso88591_declaration_reads_latin1_and_numeric_references_to_gujarati()
    {
        var item = _parser.Parse(Fixtures.Bytes("iso-8859-1.xml"), FeedUrl, "application/rss+xml").Items[0];

        Assert.Equal("Café Zürich", item.Title);
        Assert.Equal("ગુજરાત", item.Body);
    }

    [Fact]
    public void Utf16_with_bom_is_read()
    {
        var item = _parser.Parse(Fixtures.Bytes("utf16-bom.xml"), FeedUrl, null).Items[0];

        Assert.Equal("ગુજરાતી UTF-16", item.Title);
        Assert.Equal("સમાચાર", item.Body);
    }

    [Fact]
    public void Utf16_without_bom_is_recognised_from_its_first_bytes()
    {
        var bytes = Encoding.Unicode.GetBytes("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>ગુ</title></item></channel></rss>");

        Assert.Equal("ગુ", TitleOf(bytes, null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/xml; charset=ISO-8859-1")]
    public void Utf8_bytes_under_a_latin1_label_are_not_turned_into_mojibake(string? contentType)
    {
        var item = _parser.Parse(Fixtures.Bytes("utf8-declared-latin1.xml"), FeedUrl, contentType).Items[0];

        Assert.Equal("રશિયાના સમાચાર", item.Title);
        Assert.Equal("ગુજરાતી લખાણ", item.Body);
    }

    [Fact]
    public void Content_type_charset_decodes_an_undeclared_legacy_body()
    {
        Assert.Equal("naïve résumé", TitleOf(Fixtures.Bytes("windows-1252-undeclared.xml"), "application/xml; charset=\"windows-1252\""));
    }

    [Fact]
    public void Content_type_charset_wins_over_the_xml_declaration()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>t</title><item><title>Zürich</title></item></channel></rss>");

        Assert.Equal("Zürich", TitleOf(bytes, "text/xml; charset=iso-8859-1"));
    }

    [Fact]
    public void Unknown_charset_label_falls_back_to_the_next_source()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>t</title><item><title>Zürich</title></item></channel></rss>");

        Assert.Equal("Zürich", TitleOf(bytes, "text/xml; charset=no-such-charset"));
    }

    [Fact]
    public void Utf8_bom_is_not_left_in_front_of_the_document()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Fixtures.Bytes("rss1-rdf.xml")).ToArray();

        Assert.Equal("પ્રથમ", TitleOf(bytes, null));
    }

    private const string SmallFeed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>ગુજરાતી</title></item></channel></rss>";

    [Fact]
    public void Utf32_big_endian_with_bom_is_read()
    {
        var utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: true);

        Assert.Equal("ગુજરાતી", TitleOf([.. utf32BigEndian.GetPreamble(), .. utf32BigEndian.GetBytes(SmallFeed)], null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf32_without_bom_is_recognised_from_its_first_bytes(bool bigEndian)
    {
        Assert.Equal("ગુજરાતી", TitleOf(new UTF32Encoding(bigEndian, byteOrderMark: false).GetBytes(SmallFeed), null));
    }

    [Theory]
    [InlineData("ISO-8859-1")]
    [InlineData("us-ascii")]
    public void Latin1_or_ascii_label_reads_windows1252_punctuation(string label)
    {
        // 0x93/0x94 are C1 controls in ISO-8859-1 but the curly quotes every such feed means (WHATWG Encoding Standard).
        var bytes = Encoding.Latin1.GetBytes($"<?xml version=\"1.0\" encoding=\"{label}\"?><rss version=\"2.0\"><channel><item><title>\u0093Quoted\u0094 caf\u00E9</title></item></channel></rss>");

        Assert.Equal("\u201CQuoted\u201D café", TitleOf(bytes, null));
    }

    [Fact]
    public void Numeric_references_to_windows1252_code_points_read_as_their_characters()
    {
        var bytes = "<rss version=\"2.0\"><channel><item><title>don&#146;t &#150; &#128;5</title><description>&lt;p&gt;&#147;x&#148;&lt;/p&gt;</description></item></channel></rss>"u8.ToArray();

        var item = _parser.Parse(bytes, FeedUrl, null).Items[0];

        Assert.Equal("don\u2019t \u2013 \u20AC5", item.Title);
        Assert.Equal("\u201Cx\u201D", item.Body);
    }

    [Fact]
    public void Doubled_utf8_bom_is_ignored()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];

        Assert.Equal("ગુજરાતી", TitleOf([.. bom, .. bom, .. Encoding.UTF8.GetBytes(SmallFeed)], null));
    }
}
