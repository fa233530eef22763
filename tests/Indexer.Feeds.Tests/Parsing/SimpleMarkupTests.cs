using System.Text;
using System.Xml.Linq;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

/// <summary>
/// The one-pass reader of simple item markup must give exactly the text the HTML parser's tree gives, or decline.
/// </summary>
public class SimpleMarkupTests
{
    public static TheoryData<string> Markup =>
    [
        "<p>એક</p><p>બે</p>",
        "<p>ગાંધીનગરમાં <b>ભારે</b> વરસાદ, <a href=\"https://example.org/a?b=1&amp;c=2\">વધુ</a></p><p>બીજો ફકરો</p>",
        "એક<br>બે<br/>ત્રણ</br>ચાર",
        "<div>a</div><div><div>b</div></div>c",
        "a</div>b", // no div open: the parser ignores the end tag
        "a</p>b", // no p open: the parser makes an empty paragraph
        "<p>a<div>b</p>c</div>d",
        "<b>1<p>2</b>3</p>4", // misnested: the adoption agency moves elements, never text
        "<p>1<b>2</p>3</b>4",
        "<b>1<div>2</b>3</div>4",
        "<div><a href=x>1</div>2</a>",
        "<a href=\"/x\" title='a > b'>link</a> after",
        "<img src=\"x.jpg\" alt=\"picture\"> caption<hr>next",
        "<P CLASS=lead>Upper</P>case",
        "<p-x>custom</p-x> element",
        "<a =\"x>y\">odd attribute</a>",
        "<p>cut off <b",
        "Tom &amp; Jerry &lt;3 &quot;q&quot; &apos;a&apos;&nbsp;&nbsp;x &#2711;&#x0A97; &#128512;",
        "AT&T & friends, 5 &lt 6",
        "&copy; 2024 &ldquo;quoted&rdquo;",
        "&#146;curly&#0;&#x110000;",
        "line\r\nbreaks\rin\nsource",
        "x < y",
        "<!-- a comment --><p>text</p>",
        "<script>alert(1)</script><p>shown</p>",
        "<table><tr><td>a</td></tr></table>",
        "<ul><li>one<li>two</ul>",
        "<p>ક\u200Dષ ક\u200Cષ</p>",
        "<p>\u0092smart\u0081</p>",
        "<span>a</span><span>b</span>",
        "<p>a</p >b</p/>c",
        "<font color=red>red</font><s>struck</s><q>quote</q>",
    ];

    [Theory]
    [MemberData(nameof(Markup))]
    public void Gives_the_parsers_text_or_declines(string html)
    {
        var text = new StringBuilder();
        if (SimpleMarkup.TryAppendText(html, text))
            Assert.Equal(HtmlToText.ParsedText(html), HtmlToText.NormalizeLines(text.ToString()));
    }

    [Fact]
    public void Every_item_of_the_test_feeds_reads_as_the_parser_reads_it()
    {
        var read = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "feeds"), "*.xml"))
        {
            XDocument feed;
            try
            {
                feed = XDocument.Load(file);
            }
            catch (System.Xml.XmlException)
            {
                continue; // the broken and hostile fixtures: their markup never gets this far
            }
            foreach (var element in feed.Descendants().Where(e => e.Name.LocalName is "description" or "encoded" or "summary" or "content"))
            {
                var html = element.Value;
                var text = new StringBuilder();
                if (!SimpleMarkup.TryAppendText(html, text)) continue;
                Assert.Equal(HtmlToText.ParsedText(html), HtmlToText.NormalizeLines(text.ToString()));
                read++;
            }
        }
        Assert.True(read > 5, $"only {read} items were simple enough to compare");
    }

    [Theory]
    [InlineData("<p>ગાંધીનગરમાં <b>ભારે</b> વરસાદ</p><p><a href=\"https://example.org/\">વધુ વાંચો</a></p>")]
    [InlineData("સાદું લખાણ &amp; <br/> બીજી લીટી")]
    [InlineData("<div><img src=\"x.jpg\"><p>ફોટો</p></div>")]
    public void Reads_the_usual_item_markup_itself(string html)
    {
        Assert.True(SimpleMarkup.TryAppendText(html, new StringBuilder()));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>text")]
    [InlineData("<table><tr><td>a</td></tr></table>")]
    [InlineData("<!-- hidden -->text")]
    [InlineData("&copy; 2024")]
    [InlineData("x < y")]
    [InlineData("a\0b")]
    public void Leaves_anything_else_to_the_parser(string html)
    {
        Assert.False(SimpleMarkup.TryAppendText(html, new StringBuilder()));
    }
}
