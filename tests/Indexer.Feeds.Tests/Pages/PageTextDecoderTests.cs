using System.Text;
using Indexer.Feeds.Pages;

namespace Indexer.Feeds.Tests.Pages;

public sealed class PageTextDecoderTests
{
    private const string Gujarati = "ગુજરાતી સમાચાર";

    static PageTextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void A_windows_1252_page_declared_in_a_meta_tag_reads_its_curly_quotes_and_character_references()
    {
        var text = PageTextDecoder.Decode(PageFixture.Named("table-layout-windows-1252").Bytes, "text/html");
        Assert.Contains("“મતદાન શાંતિપૂર્ણ રહ્યું,” અધિકારીએ કહ્યું.", Indexer.Feeds.Parsing.HtmlToText.ToText(text));
    }

    [Fact]
    public void The_http_charset_wins_over_a_meta_tag()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("<meta charset=\"utf-8\"><p>caf\u00e9 \u201cquoted\u201d</p>");
        Assert.Contains("café “quoted”", PageTextDecoder.Decode(bytes, "text/html; charset=windows-1252"));
    }

    [Theory]
    [InlineData("<meta charset=\"iso-8859-1\">")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">")]
    [InlineData("")]
    public void Valid_utf8_is_read_as_utf8_whatever_the_label_says(string meta)
    {
        var bytes = Encoding.UTF8.GetBytes($"<html><head>{meta}</head><body>{Gujarati}</body></html>");
        Assert.Contains(Gujarati, PageTextDecoder.Decode(bytes, "text/html; charset=iso-8859-1"));
    }

    [Fact]
    public void A_byte_order_mark_decides_and_is_not_part_of_the_text()
    {
        var text = PageTextDecoder.Decode(PageFixture.Named("utf8-bom-no-declaration").Bytes, null);
        Assert.StartsWith("<html>", text);
    }

    [Fact]
    public void A_legacy_gujarati_code_page_is_read_when_the_page_declares_it()
    {
        // ISCII (x-iscii-gu): what Gujarati pages used before Unicode.
        var iscii = Encoding.GetEncoding("x-iscii-gu");
        var bytes = iscii.GetBytes($"<html><head><meta charset=\"x-iscii-gu\"></head><body>{Gujarati}</body></html>");
        Assert.Contains(Gujarati, PageTextDecoder.Decode(bytes, "text/html"));
    }

    [Fact]
    public void An_undeclared_legacy_page_is_windows_1252_as_browsers_read_it()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("<p>\u201cnews\u201d \u2014 caf\u00e9</p>");
        Assert.Equal("<p>\u201cnews\u201d \u2014 caf\u00e9</p>", PageTextDecoder.Decode(bytes, null));
    }
}
