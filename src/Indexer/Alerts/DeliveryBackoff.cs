using Indexer.Configuration;

namespace Indexer.Alerts;

/// <summary>
/// When to try a failed delivery again: Alerts:RetryDelay, doubling per attempt up to Alerts:MaxRetryDelay, ±20 %
/// so that many deliveries failing together do not all come back at once; never sooner than the receiver's
/// Retry-After; and not after Alerts:MaxRetryAge from the match, when the delivery is given up.
/// </summary>
public static class DeliveryBackoff
{
    /// <returns>The next attempt's time, or null to give up.</returns>
    public static DateTimeOffset? Next(AlertsOptions options, DateTimeOffset matchedAt, int attempts, TimeSpan? retryAfter, DateTimeOffset now, Random random)
    {
        var deadline = matchedAt + options.MaxRetryAge;
        if (now >= deadline) return null;
        var doubled = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var wait = TimeSpan.FromMilliseconds(Math.Min(doubled, options.MaxRetryDelay.TotalMilliseconds) * (0.8 + 0.4 * random.NextDouble()));
        if (retryAfter is { } asked && asked > wait) wait = asked;
        // One last attempt at the deadline rather than none after a long Retry-After.
        var next = now + wait;
        return next < deadline ? next : deadline;
    }
}
