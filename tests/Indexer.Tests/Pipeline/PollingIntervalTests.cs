using Indexer.Configuration;
using Indexer.Pipeline;

namespace Indexer.Tests.Pipeline;

public sealed class PollingIntervalTests
{
    private static readonly PollingInterval Polling = new(Microsoft.Extensions.Options.Options.Create(
        new SchedulingOptions { MinInterval = TimeSpan.FromMinutes(5), MaxInterval = TimeSpan.FromHours(24) }));

    [Theory]
    [InlineData(0, 24 * 60)]        // silent all week: as rarely as allowed
    [InlineData(7, 24 * 60)]        // one a day
    [InlineData(168, 60)]           // one an hour
    [InlineData(100_000, 5)]        // a firehose is still not polled faster than the minimum
    public void Follows_how_often_the_feed_publishes_within_the_bounds(int lastWeek, int expectedMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), Polling.Next(lastWeek, null, null));

    [Fact]
    public void Never_sooner_than_max_age_or_ttl()
    {
        Assert.Equal(TimeSpan.FromHours(2), Polling.Next(168, TimeSpan.FromHours(2), null));
        Assert.Equal(TimeSpan.FromHours(3), Polling.Next(168, TimeSpan.FromHours(2), TimeSpan.FromHours(3)));
    }
}
