using Indexer.Configuration;
using Microsoft.Extensions.Options;

namespace Indexer.Pipeline;

/// <summary>
/// The wait before the next fetch of an "auto" feed: the feed's average gap between articles over the last
/// week, kept within Scheduling:MinInterval and MaxInterval, and never shorter than what the publisher asked
/// for with Cache-Control max-age or RSS ttl.
/// </summary>
public sealed class PollingInterval(IOptions<SchedulingOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    private readonly SchedulingOptions _options = options.Value;

    public TimeSpan Next(int publishedInWindow, TimeSpan? maxAge, TimeSpan? ttl)
    {
        // A feed that published nothing all week is checked as rarely as allowed.
        var interval = publishedInWindow <= 0 ? _options.MaxInterval : Window / publishedInWindow;
        if (interval < _options.MinInterval) interval = _options.MinInterval;
        if (interval > _options.MaxInterval) interval = _options.MaxInterval;
        foreach (var asked in new[] { maxAge, ttl })
        {
            if (asked is { } wait && wait > interval) interval = wait;
        }
        return interval;
    }
}
