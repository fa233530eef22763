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
    [InlineData("(title:a OR body:b)", "(title:a OR body:b)")]
    public void Escapes_colons_that_are_not_field_separators(string input, string expected) =>
        Assert.Equal(expected, QueryText.EscapeNonFieldColons(input, Fields));
}
