using AngleSharp.Html.Parser;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;

namespace Indexer.Feeds.Discovery;

/// <summary>How a feed was found.</summary>
public enum DiscoverySource
{
    /// <summary>The address given is itself a feed.</summary>
    Given,
    /// <summary>The page declares it with &lt;link rel="alternate"&gt;.</summary>
    Declared,
    /// <summary>None was declared; it answered at one of the paths sites usually use.</summary>
    UsualPath,
}

/// <summary>A feed found for a site, checked by fetching and parsing it.</summary>
public sealed record DiscoveredFeed(Uri Url, string? Title, string Format, int Items, DiscoverySource Source);

/// <summary>A candidate that did not turn out to be a readable feed, and why.</summary>
public sealed record DiscoveryMiss(Uri Url, DiscoverySource Source, string Reason);

public sealed record DiscoveryResult(IReadOnlyList<DiscoveredFeed> Feeds, IReadOnlyList<DiscoveryMiss> Misses);

/// <summary>
/// Finds the feeds of a site from its home page: the page itself if it is a feed; else the feeds its
/// &lt;link rel="alternate"&gt; elements declare (RSS, Atom, JSON Feed); else the usual paths (/feed, /rss, …).
/// Every candidate is fetched and parsed through the service's own fetcher and parser, so the same limits and
/// private-address guard apply, and only feeds that really read are reported.
/// </summary>
public sealed class FeedDiscoverer(IFeedFetcher fetcher, IFeedParser parser)
{
    /// <summary>Tried in this order when a page declares no feed: WordPress, Blogger, Hugo, Jekyll and most others.</summary>
    public static readonly IReadOnlyList<string> UsualPaths =
        ["/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/feed.json", "/feeds/posts/default"];

    private static readonly HashSet<string> FeedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rdf+xml",
        "application/xml", "text/xml",
    };

    /// <exception cref="DiscoveryException">The site itself could not be fetched; the message says why.</exception>
    public async Task<DiscoveryResult> DiscoverAsync(Uri site, CancellationToken cancellationToken)
    {
        var page = await fetcher.FetchAsync(new FetchRequest(site), cancellationToken).ConfigureAwait(false);
        if (page.Status != FetchStatus.Fetched || page.Body is null)
            throw new DiscoveryException(page.Error ?? $"{site}: nothing to read ({page.Status})");
        if (TryParse(page) is { } itself)
            return new DiscoveryResult([new DiscoveredFeed(page.FinalUrl, itself.Title, itself.Format, itself.Items.Count, DiscoverySource.Given)], []);

        var declared = await DeclaredFeedsAsync(page, cancellationToken).ConfigureAwait(false);
        var (source, candidates) = declared.Count > 0
            ? (DiscoverySource.Declared, declared)
            : (DiscoverySource.UsualPath, UsualPaths.Select(p => new Uri(page.FinalUrl, p)).ToList());
        var checks = await Task.WhenAll(candidates.Select(c => CheckAsync(c, source, cancellationToken))).ConfigureAwait(false);
        return new DiscoveryResult(
            // One feed reached through two addresses (a redirect) is listed once.
            checks.Select(c => c.Feed).OfType<DiscoveredFeed>().DistinctBy(f => f.Url.AbsoluteUri).ToList(),
            checks.Select(c => c.Miss).OfType<DiscoveryMiss>().ToList());
    }

    private async Task<(DiscoveredFeed? Feed, DiscoveryMiss? Miss)> CheckAsync(Uri url, DiscoverySource source, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(new FetchRequest(url), cancellationToken).ConfigureAwait(false);
        if (fetched.Status != FetchStatus.Fetched || fetched.Body is null)
            return (null, new DiscoveryMiss(url, source, fetched.Error ?? fetched.Status.ToString()));
        try
        {
            var feed = parser.Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType);
            return (new DiscoveredFeed(fetched.FinalUrl, feed.Title, feed.Format, feed.Items.Count, source), null);
        }
        catch (FeedFormatException e)
        {
            return (null, new DiscoveryMiss(url, source, e.Message));
        }
    }

    private ParsedFeed? TryParse(FetchResult page)
    {
        try
        {
            return parser.Parse(page.Body!, page.FinalUrl, page.ContentType);
        }
        catch (FeedFormatException)
        {
            return null;
        }
    }

    /// <summary>The feed links of an HTML page, resolved against its base, in page order.</summary>
    private static async Task<List<Uri>> DeclaredFeedsAsync(FetchResult page, CancellationToken cancellationToken)
    {
        using var document = await new HtmlParser().ParseDocumentAsync(new MemoryStream(page.Body!), cancellationToken).ConfigureAwait(false);
        var baseUrl = document.QuerySelector("base[href]")?.GetAttribute("href") is { } href && Uri.TryCreate(page.FinalUrl, href, out var b) ? b : page.FinalUrl;
        var feeds = new List<Uri>();
        foreach (var link in document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = link.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var type = link.GetAttribute("type")?.Split(';')[0].Trim();
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase) || type is null || !FeedTypes.Contains(type))
                continue;
            if (Uri.TryCreate(baseUrl, link.GetAttribute("href")!.Trim(), out var url) && url.Scheme is "http" or "https"
                && feeds.All(f => f.AbsoluteUri != url.AbsoluteUri))
                feeds.Add(url);
        }
        return feeds;
    }
}

/// <summary>The site could not be fetched at all.</summary>
public sealed class DiscoveryException(string message) : Exception(message);
