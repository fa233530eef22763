using Indexer.Configuration;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Pipeline;

/// <summary>
/// The wait before the next fetch of an "auto" feed: the average gap between its newest articles' publication
/// dates over the last week (a new feed is judged by what it lists now, not by what the store has gathered so
/// far), kept within Scheduling:MinInterval and MaxInterval, and never shorter than what the publisher asked for
/// with Cache-Control max-age or RSS ttl. A feed without dates is judged by how many articles it brought in.
/// </summary>
public sealed class PollingInterval(IOptions<SchedulingOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);
    /// <summary>Enough articles to average out bursts, few enough to follow a change of pace within a day or two.</summary>
    public const int Sample = 20;

    private readonly SchedulingOptions _options = options.Value;

    public TimeSpan Next(PublishingHistory history, TimeSpan? maxAge, TimeSpan? ttl)
    {
        var dates = history.RecentPublished;
        // A feed that brought in nothing all week is checked as rarely as allowed.
        var interval = dates.Count >= 2 ? (dates[0] - dates[^1]) / (dates.Count - 1)
            : history.FirstSeenSince > 0 ? Window / history.FirstSeenSince
            : _options.MaxInterval;
        if (interval < _options.MinInterval) interval = _options.MinInterval;
        if (interval > _options.MaxInterval) interval = _options.MaxInterval;
        foreach (var asked in new[] { maxAge, ttl })
        {
            if (asked is { } wait && wait > interval) interval = wait;
        }
        return interval;
    }
}
