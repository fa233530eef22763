using System.Collections.Concurrent;
using Indexer.Feeds.Fetching;

namespace Indexer.Feeds.Pages;

/// <summary>
/// robots.txt per host (scheme, host and port), fetched once through the same fetcher as the pages and kept for a
/// day; a host whose robots.txt failed with 5xx or could not be reached is asked again after ten minutes, and one
/// whose fetch threw is asked again by the next page.
/// Concurrent page fetches to one host wait for one robots.txt fetch.
/// </summary>
internal sealed class RobotsTxtCache(FeedFetcher fetcher, string productToken, TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(24);
    private static readonly TimeSpan KeepFailure = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Lazy<Task<(RobotsTxt Rules, DateTimeOffset Until)>>> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        while (true)
        {
            var entry = _hosts.GetOrAdd(key, k => new Lazy<Task<(RobotsTxt, DateTimeOffset)>>(() => FetchAsync(new Uri(k + "/robots.txt"))));
            (RobotsTxt Rules, DateTimeOffset Until) answer;
            try
            {
                answer = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch when (entry.Value.IsFaulted)
            {
                // The fetch itself failed (the cluster's host cap could not reach the store, say): nothing was learnt
                // of the host, so the next page asks again. Kept, the fault answered every later page of the host
                // until a restart, and none was ever fetched.
                _hosts.TryRemove(new KeyValuePair<string, Lazy<Task<(RobotsTxt, DateTimeOffset)>>>(key, entry));
                throw;
            }
            var (rules, until) = answer;
            if (until > clock.GetUtcNow()) return rules.IsAllowed(url);
            _hosts.TryRemove(new KeyValuePair<string, Lazy<Task<(RobotsTxt, DateTimeOffset)>>>(key, entry));
        }
    }

    private async Task<(RobotsTxt, DateTimeOffset)> FetchAsync(Uri robotsUrl)
    {
        // Not cancelled with the page that asked first: other pages of the host wait on the same answer.
        var fetched = await fetcher.FetchAsync(new FetchRequest(robotsUrl), CancellationToken.None).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return fetched switch
        {
            { Status: FetchStatus.Fetched, Body: { } body } => (RobotsTxt.Parse(PageTextDecoder.Decode(body, fetched.ContentType), productToken), now + Keep),
            // A refused address refuses the page too, and says so better than "disallowed by robots.txt".
            { Refused: true } => (RobotsTxt.AllowAll, now + KeepFailure),
            { HttpStatus: >= 400 and < 500 } => (RobotsTxt.AllowAll, now + Keep),
            _ => (RobotsTxt.DisallowAll, now + KeepFailure),
        };
    }
}
