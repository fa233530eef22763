using System.Text;
using Indexer.Feeds.Opml;

namespace Indexer.Feeds.Tests.Opml;

public sealed class OpmlDocumentTests
{
    private static readonly Uri Source = new("http://127.0.0.1/subscriptions.opml");

    private static IReadOnlyList<OpmlFeed> Read(string xml) => OpmlDocument.Read(Encoding.UTF8.GetBytes(xml), Source).Feeds;

    [Fact]
    public void Feeds_take_the_innermost_folder_as_category_and_top_level_feeds_have_none()
    {
        var feeds = Read("""
            <opml version="2.0"><body>
              <outline text="Top" xmlUrl="http://127.0.0.1/top.xml"/>
              <outline text="News"><outline text="Gujarat"><outline title="Deep" text="ignored" xmlUrl="http://127.0.0.1/deep.xml"/></outline>
                <outline text="Shallow" xmlUrl="/shallow.xml"/></outline>
              <outline text="Tagged" xmlUrl="http://127.0.0.1/tagged.xml" category="/Tech/Linux,/News"/>
              <outline text="Not the web" xmlUrl="ftp://127.0.0.1/x.xml"/>
            </body></opml>
            """);
        Assert.Equal(
            [("Top", "http://127.0.0.1/top.xml", null), ("Deep", "http://127.0.0.1/deep.xml", "Gujarat"),
             ("Shallow", "http://127.0.0.1/shallow.xml", "News"), ("Tagged", "http://127.0.0.1/tagged.xml", "Linux")],
            feeds.Select(f => (f.Title, f.XmlUrl.AbsoluteUri, f.Category)));
    }

    [Fact]
    public void Outlines_that_cannot_be_followed_are_listed_with_the_reason_not_dropped()
    {
        var read = OpmlDocument.Read(Encoding.UTF8.GetBytes("""
            <opml version="2.0"><body>
              <outline text="Good" xmlUrl="http://127.0.0.1/good.xml"/>
              <outline text="Site only, no feed" type="rss" htmlUrl="http://127.0.0.1/site-only/"/>
              <outline text="Script" xmlUrl="javascript:alert(1)"/>
              <outline text="Local file" xmlUrl="file:///etc/passwd"/>
              <outline text="An empty folder"/>
            </body></opml>
            """), Source);
        Assert.Equal(["Good"], read.Feeds.Select(f => f.Title));
        Assert.Equal(
            [("Site only, no feed", "no xmlUrl"), ("Script", "\"javascript:alert(1)\" is not an http(s) URL"),
             ("Local file", "\"file:///etc/passwd\" is not an http(s) URL")],
            read.Skipped.Select(s => (s.Title, s.Reason.Contains("no xmlUrl") ? "no xmlUrl" : s.Reason[(s.Reason.IndexOf('"'))..])));
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel/></rss>", "the root element is <rss>")]
    [InlineData("<opml version=\"2.0\"><head/></opml>", "it has no <body>")]
    [InlineData("<opml><body><outline", "not well-formed")]
    public void Something_else_is_refused_saying_what_it_is(string xml, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => Read(xml)).Message);

    [Fact]
    public void An_entity_a_dtd_would_define_is_never_expanded()
    {
        var error = Assert.Throws<FormatException>(() =>
            Read("<!DOCTYPE opml [<!ENTITY x \"boom\">]><opml><body><outline text=\"&x;\" xmlUrl=\"http://127.0.0.1/a\"/></body></opml>"));
        Assert.Contains("not well-formed", error.Message);
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        OpmlFeed[] feeds =
        [
            new("bbc-gujarati", new Uri("http://127.0.0.1/bbc.xml"), "સમાચાર"),
            new("loose", new Uri("http://127.0.0.1/loose.xml?a=1&b=2"), null),
            new("cricket", new Uri("http://127.0.0.1/cricket.xml"), "રમતગમત"),
        ];
        var xml = OpmlDocument.Write("test", feeds, DateTimeOffset.Parse("2026-11-29T10:00:00Z"));
        Assert.Contains("<opml version=\"2.0\">", xml);
        Assert.Equal(
            feeds.Select(f => (f.Title, f.XmlUrl.AbsoluteUri, f.Category)).OrderBy(f => f.Title),
            Read(xml).Select(f => (f.Title, f.XmlUrl.AbsoluteUri, f.Category)).OrderBy(f => f.Title));
    }
}
