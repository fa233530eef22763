using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

public class HtmlToTextTests
{
    [Theory]
    [InlineData("<p>એક</p><p>બે</p>", "એક\nબે")]
    [InlineData("એક<br>બે<br/>ત્રણ", "એક\nબે\nત્રણ")]
    [InlineData("<div>a</div><div><div>b</div></div>", "a\nb")]
    [InlineData("<ul><li>one</li><li>two</li></ul>", "one\ntwo")]
    [InlineData("<h2>Head</h2>text", "Head\ntext")]
    [InlineData("<blockquote>quote</blockquote>after", "quote\nafter")]
    [InlineData("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "ab\nc")]
    [InlineData("<p>a</p>\n\n\n<p>\n</p><p>b</p>", "a\nb")]
    public void Block_elements_become_single_line_breaks(string html, string expected)
    {
        Assert.Equal(expected, HtmlToText.ToText(html));
    }

    [Fact]
    public void Scripts_styles_and_noscript_are_dropped()
    {
        var html = "<style>p{color:red}</style><p>shown</p><script>alert('x')</script><noscript>enable js</noscript>";

        Assert.Equal("shown", HtmlToText.ToText(html));
    }

    [Fact]
    public void Entities_are_decoded_and_space_runs_collapse()
    {
        Assert.Equal("Tom & Jerry © “quoted” x", HtmlToText.ToText("  Tom &amp; Jerry &copy;\n\t &ldquo;quoted&rdquo;&nbsp;&nbsp;x  "));
    }

    [Fact]
    public void Inline_markup_does_not_split_words()
    {
        Assert.Equal("ભારે વરસાદ", HtmlToText.ToText("<b>ભા</b>રે <em>વરસાદ</em>"));
    }

    [Fact]
    public void Zero_width_joiners_in_gujarati_survive()
    {
        var text = "ક\u200Dષ ક\u200Cષ";

        Assert.Equal(text, HtmlToText.ToText($"<p>{text}</p>"));
    }

    [Fact]
    public void Inline_text_puts_everything_on_one_line()
    {
        Assert.Equal("a b c", HtmlToText.ToInlineText("<p>a</p><p>b<br>c</p>"));
    }

    [Fact]
    public void Plain_text_is_never_read_as_markup()
    {
        Assert.Equal("x < y\nLine <two>", HtmlToText.FromPlainText("x  < y\r\n\r\nLine <two>"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<p> </p><script>x</script>")]
    public void Nothing_readable_gives_an_empty_string(string? html)
    {
        Assert.Equal("", HtmlToText.ToText(html));
    }
}
