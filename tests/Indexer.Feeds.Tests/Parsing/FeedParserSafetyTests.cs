using System.Diagnostics;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

public class FeedParserSafetyTests
{
    private readonly FeedParser _parser = new();

    [Fact]
    public void Entity_bomb_fails_fast_without_expanding()
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<FeedFormatException>(() =>
            _parser.Parse(Fixtures.Bytes("entity-bomb.xml"), new Uri("https://bomb.example/"), null));

        Assert.Contains("the document declares its own entities in a DTD, which are not expanded (entity 'lol9')", error.Message);
        Assert.StartsWith("XML error at line 14", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        // Expansion would be 3 billion characters; a few MB covers parser start-up.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 20_000_000);
    }

    [Fact]
    public void Items_using_a_dtds_entities_are_dropped_unexpanded_and_the_others_kept()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "SECRET-CONTENT");
        try
        {
            var dtd = File.ReadAllText(Fixtures.PathOf("entity-bomb.xml")).Split("]>")[0]
                + $"""<!ENTITY xxe SYSTEM "file://{secret}">]>""";
            var xml = dtd + """
                <rss version="2.0"><channel><title>t</title>
                <item><guid>bomb</guid><title>&lol9;</title></item>
                <item><guid>good</guid><title>lolgood</title></item>
                <item><guid>xxe</guid><title>&xxe;</title></item>
                </channel></rss>
                """;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();

            var feed = _parser.Parse(System.Text.Encoding.UTF8.GetBytes(xml), new Uri("https://bomb.example/"), null);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 20_000_000);
            Assert.Equal("lolgood", Assert.Single(feed.Items).Title);
            var warning = Assert.Single(feed.Warnings);
            Assert.Contains("the document declares its own entities in a DTD, which are not expanded (entity 'lol9')", warning);
            Assert.EndsWith("dropped items 1, 3 of 3, which cannot be read on their own, and kept the other 1", warning);
            Assert.DoesNotContain("SECRET-CONTENT", warning);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "SECRET-CONTENT");
        try
        {
            var xxe = $"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]><rss version="2.0"><channel><title>&x;</title></channel></rss>""";

            var error = Assert.Throws<FeedFormatException>(() =>
                _parser.Parse(System.Text.Encoding.UTF8.GetBytes(xxe), new Uri("https://xxe.example/"), null));

            Assert.DoesNotContain("SECRET-CONTENT", error.Message);
            Assert.Contains("which are not expanded (entity 'x')", error.Message);
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
