namespace Indexer.Tests.Support;

public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The product's sample article as an RSS feed (the same file the default config ships).</summary>
    public static string SampleFeed => Read("sample-gujarati.xml");

    /// <summary>An RSS 2.0 document with the given items, for tests that need feeds of their own.</summary>
    public static string Rss(params (string Guid, string Title, string Body)[] items)
    {
        var xml = new System.Text.StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>test</title><link>http://127.0.0.1/</link><description>t</description><language>gu</language>""");
        var day = 1;
        foreach (var (guid, title, body) in items)
        {
            xml.Append($"<item><guid>{guid}</guid><title>{System.Security.SecurityElement.Escape(title)}</title>")
               .Append($"<link>http://127.0.0.1/a/{guid}</link><pubDate>{day++:00} Nov 2024 10:00:00 +0000</pubDate>")
               .Append($"<description>{System.Security.SecurityElement.Escape(body)}</description></item>");
        }
        return xml.Append("</channel></rss>").ToString();
    }
}
