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

        Assert.Contains("undeclared entity 'lol9'", error.Message);
        Assert.StartsWith("XML error at line 14", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        // Expansion would be 3 billion characters; a few MB covers parser start-up.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 20_000_000);
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
            Assert.Contains("undeclared entity 'x'", error.Message);
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
