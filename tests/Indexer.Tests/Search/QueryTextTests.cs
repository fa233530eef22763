using Indexer.Search;

namespace Indexer.Tests.Search;

public sealed class QueryTextTests
{
    private static readonly string[] Fields = ["title", "body", "feed"];

    [Theory]
    [InlineData("title:રશિયા", "title:રશિયા")]
    [InlineData("feed:bbc-gujarati રશિયા", "feed:bbc-gujarati રશિયા")]
    [InlineData("દુ:ખ", "દુ\\:ખ")]
    [InlineData("અમદાવાદ: વરસાદ", "અમદાવાદ\\: વરસાદ")]
    [InlineData("author:કિમ", "author કિમ")]
    [InlineData("\"title:x\"", "\"title:x\"")]
    [InlineData("title: x", "title  x")]
    [InlineData("title:", "title:")] // a field with nothing after it, for the parser to refuse
    [InlineData("(title:a OR body:b)", "(title:a OR body:b)")]
    public void Escapes_colons_that_are_not_field_separators(string input, string expected) =>
        Assert.Equal(expected, QueryText.EscapeNonFieldColons(input, Fields));

    [Theory]
    [InlineData("રશિયા?", "રશિયા ")]
    [InlineData("રશિયા શું કરે છે?", "રશિયા શું કરે છે ")]
    [InlineData("રશિયા!", "રશિયા ")]
    [InlineData("રશિયા/ભારત", "રશિયા ભારત")]
    [InlineData("ર?શિયા", "ર?શિયા")]              // inside a word '?' is still a wildcard
    [InlineData("રશિ*", "રશિ*")]
    [InlineData("!રશિયા", "!રશિયા")]              // a leading '!' is still NOT
    [InlineData("\"શું થયું?\"", "\"શું થયું?\"")]  // quoted text is the analyzer's business
    [InlineData("/રશ.*/", "/રશ.*/")]               // a regular expression stays one, to be refused with its own message
    [InlineData("કિમ (/રશ.*/)", "કિમ (/રશ.*/)")]
    [InlineData("રશિયા/", "રશિયા ")]                // pasted: a closing '/' is punctuation too
    [InlineData("<b>રશિયા</b>", "<b>રશિયા< b>")]
    [InlineData("</script>", "< script>")]
    [InlineData("/રશિયા", " રશિયા")]
    public void Punctuation_typed_as_prose_becomes_space(string input, string expected) =>
        Assert.Equal(expected, QueryText.PunctuationAsText(input));

    [Theory]
    [InlineData("કહ્યું \"અમે જીતીશું", "કહ્યું  અમે જીતીશું")]     // a quote that runs on past a pasted headline
    [InlineData("6\" વરસાદ", "6  વરસાદ")]
    [InlineData("\"કિમ જોંગ\" \"ઉન", "\"કિમ જોંગ\"  ઉન")]   // the last of an odd number is the one left open
    [InlineData("\"કિમ જોંગ\"", "\"કિમ જોંગ\"")]
    [InlineData("title:\"કિમ જોંગ", "title:\"કિમ જોંગ")]        // syntax after a field name: the parser says what is wrong
    [InlineData("કિમ \\\"", "કિમ \\\"")]                       // an escaped quote is a character, not a quotation mark
    public void An_unpaired_quotation_mark_becomes_space(string input, string expected) =>
        Assert.Equal(expected, QueryText.StrayQuoteAsText(input));
}
