using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;

namespace Indexer.Tests.Support;

/// <summary>Small builders for test data.</summary>
public static class Some
{
    /// <summary>An article whose feed gives the whole story (fullText never): the index and search tests need no page worker.</summary>
    public static ArticleDraft Article(string guid, string title, string body, string feed = "news",
        string published = "2024-11-30T04:45:00Z", string language = "gu") =>
        ArticleFactory.Create(
            new FeedDefinition { Id = feed, Url = new Uri("http://127.0.0.1/feed"), Interval = TimeSpan.FromMinutes(5), Language = language, FullText = FullTextMode.Never },
            null,
            new ParsedItem(guid, $"http://127.0.0.1/{guid}", title, DateTimeOffset.Parse(published), null, null, null, body, null));

    /// <summary>Short articles numbered from <paramref name="first"/>, each with its number (n17) as a word of its own.</summary>
    public static ArticleDraft[] NumberedArticles(int first, int count) =>
        Enumerable.Range(first, count)
            .Select(n => Article($"n{n}", $"સમાચાર n{n}", $"ગાંધીનગરમાં આજે n{n} વિશે અહેવાલ"))
            .ToArray();

    public static ArticleDraft SampleArticle()
    {
        var lines = TestData.Read("kim-jong-un-russia.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Article("sample", lines[0], string.Join('\n', lines[1..]));
    }
}
