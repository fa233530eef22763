using System.Globalization;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Tests.Parsing;

public class FeedDateParserTests
{
    [Theory]
    [InlineData("Sat, 13 Sep 2025 10:15:00 +0530", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 IST", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 GMT", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 UT", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 UTC", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 Z", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 EST", "2025-09-13T15:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 EDT", "2025-09-13T14:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 CST", "2025-09-13T16:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 CDT", "2025-09-13T15:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 MST", "2025-09-13T17:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 MDT", "2025-09-13T16:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 PST", "2025-09-13T18:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 PDT", "2025-09-13T17:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 -0800", "2025-09-13T18:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 +05:30", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 A", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00", "2025-09-13T10:15:00Z")]
    [InlineData("13 Sep 2025 10:15:00 +0530", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15 +0530", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 25 10:15:00 +0530", "2025-09-13T04:45:00Z")]
    [InlineData("Mon, 13 Sep 99 10:15:00 GMT", "1999-09-13T10:15:00Z")]
    [InlineData("Sat, 3 Sep 2025 10:15:00 GMT", "2025-09-03T10:15:00Z")]
    [InlineData("  Sat,  13   sep 2025   10:15:00   IST ", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sept 2025 10:15:00 GMT", "2025-09-13T10:15:00Z")]
    [InlineData("Saturday, 13 September 2025 10:15:00 GMT", "2025-09-13T10:15:00Z")]
    [InlineData("Sat,13 Sep 2025 10:15:00 GMT", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 +0530 (IST)", "2025-09-13T04:45:00Z")]
    [InlineData("13 Sep 2025", "2025-09-13T00:00:00Z")]
    [InlineData("2025-09-13T10:15:00+05:30", "2025-09-13T04:45:00Z")]
    [InlineData("2025-09-13T10:15:00Z", "2025-09-13T10:15:00Z")]
    [InlineData("2025-09-13T10:15:00.123Z", "2025-09-13T10:15:00.123Z")]
    [InlineData("2025-09-13T10:15:00", "2025-09-13T10:15:00Z")]
    [InlineData("2025-09-13T10:15+05:30", "2025-09-13T04:45:00Z")]
    [InlineData("2025-09-13 10:15:00 +0530", "2025-09-13T04:45:00Z")]
    [InlineData("2025-09-13", "2025-09-13T00:00:00Z")]
    [InlineData("2025-09", "2025-09-01T00:00:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 GMT+0530", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 UTC+05:30", "2025-09-13T04:45:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 Etc/GMT", "2025-09-13T10:15:00Z")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 MEST", "2025-09-13T08:15:00Z")]
    [InlineData("Sat Sep 13 2025 10:15:00 GMT+0530 (India Standard Time)", "2025-09-13T04:45:00Z")]
    [InlineData("Sat Sep 13 10:15:00 IST 2025", "2025-09-13T04:45:00Z")]
    [InlineData("Sat Sep 13 10:15:00 +0530 2025", "2025-09-13T04:45:00Z")]
    [InlineData("Sat Sep  3 10:15:00 2025", "2025-09-03T10:15:00Z")]
    public void Reads_the_instant_in_utc(string raw, string expected)
    {
        var parsed = FeedDateParser.Parse(raw);

        Assert.NotNull(parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), parsed.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ગઈકાલે સાંજે")]
    [InlineData("Sat, 31 Feb 2025 10:15:00 GMT")]
    [InlineData("Sat, 13 Foo 2025 10:15:00 GMT")]
    [InlineData("Sat, 13 Sep 2025 25:15:00 GMT")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 XYZ")]
    [InlineData("2025-13-45")]
    [InlineData("yesterday")]
    [InlineData("Sat, 13 Sep 2025 10:15:00 ET")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 -1400")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 EST")]
    [InlineData("Mon, 01 Jan 0001 00:00:00 +1400")]
    [InlineData("Mon, 01 Jan 0000 00:00:00 GMT")]
    [InlineData("Mon, 00 Jan 2020 00:00:00 GMT")]
    public void Returns_null_for_what_it_cannot_read_with_certainty(string? raw)
    {
        Assert.Null(FeedDateParser.Parse(raw));
    }

    [Fact]
    public void Does_not_depend_on_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("gu-IN");
            Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), FeedDateParser.Parse("Sat, 13 Sep 2025 10:15:00 IST"));
            Assert.Equal(new DateTimeOffset(2025, 9, 13, 4, 45, 0, TimeSpan.Zero), FeedDateParser.Parse("2025-09-13T10:15:00+05:30"));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
