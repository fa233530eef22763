using Indexer.Configuration;
using Indexer.Pipeline;
using Indexer.Storage;

namespace Indexer.Tests.Pipeline;

public sealed class PollingIntervalTests
{
    private static readonly PollingInterval Polling = new(Microsoft.Extensions.Options.Options.Create(
        new SchedulingOptions { MinInterval = TimeSpan.FromMinutes(5), MaxInterval = TimeSpan.FromHours(24) }));

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-11-30T12:00:00Z");

    /// <summary>A feed listing <paramref name="items"/> articles, one every <paramref name="gapMinutes"/>.</summary>
    private static PublishingHistory Every(int gapMinutes, int items = 20) =>
        new(Enumerable.Range(0, items).Select(i => Now.AddMinutes(-gapMinutes * i)).ToList(), items);

    [Theory]
    [InlineData(10, 10)]            // a busy feed, even when the store has only its first fetch
    [InlineData(60, 60)]            // one an hour
    [InlineData(1, 5)]              // a firehose is still not polled faster than the minimum
    [InlineData(3 * 24 * 60, 24 * 60)]  // one every three days: as rarely as allowed
    public void Follows_the_gap_between_the_newest_articles_within_the_bounds(int gapMinutes, int expectedMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), Polling.Next(Every(gapMinutes), null, null));

    [Fact]
    public void A_silent_or_undated_feed_is_judged_by_what_it_brought_in()
    {
        Assert.Equal(TimeSpan.FromHours(24), Polling.Next(new PublishingHistory([], 0), null, null));
        Assert.Equal(TimeSpan.FromHours(1), Polling.Next(new PublishingHistory([], 168), null, null));
    }

    [Fact]
    public void Never_sooner_than_max_age_or_ttl()
    {
        Assert.Equal(TimeSpan.FromHours(2), Polling.Next(Every(60), TimeSpan.FromHours(2), null));
        Assert.Equal(TimeSpan.FromHours(3), Polling.Next(Every(60), TimeSpan.FromHours(2), TimeSpan.FromHours(3)));
    }
}
