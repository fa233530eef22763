using Indexer.Configuration;
using Microsoft.Extensions.Options;

namespace Indexer.Pipeline;

/// <summary>
/// How long a failing feed rests before the next try: doubling from 30 s up to Scheduling:MaxBackoff, with
/// jitter so feeds that failed together don't retry together, and never sooner than the publisher's Retry-After.
/// </summary>
public sealed class FeedBackoff(IOptions<SchedulingOptions> options)
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    /// <summary>A publisher may ask for a pause, but not for more than a day of silence.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    private readonly TimeSpan _max = options.Value.MaxBackoff;

    public TimeSpan Delay(int consecutiveFailures, TimeSpan? retryAfter)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(First.Ticks * Math.Pow(2, exponent), _max.Ticks));
        // ±20 % jitter.
        delay *= 0.8 + Random.Shared.NextDouble() * 0.4;
        if (delay > _max) delay = _max;
        if (retryAfter is { } asked)
        {
            var capped = asked > MaxRetryAfter ? MaxRetryAfter : asked;
            if (capped > delay) delay = capped;
        }
        return delay;
    }
}
