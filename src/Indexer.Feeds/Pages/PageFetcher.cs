using Indexer.Feeds.Fetching;

namespace Indexer.Feeds.Pages;

/// <summary>
/// Fetches the page a feed item links to, politely and safely: the feeds' own fetch code (User-Agent, timeout,
/// size cap, compression, redirects, and the same per-host caps as feed fetches), robots.txt, only http(s), and
/// private addresses refused unless Fetching:AllowPrivatePages. Never throws for anything the publisher did.
/// </summary>
public sealed class PageFetcher
{
    private readonly FeedFetcher _fetcher;
    private readonly RobotsTxtCache? _robots;

    internal PageFetcher(FeedFetcher fetcher, FetchingOptions options, TimeProvider? clock)
    {
        _fetcher = fetcher;
        if (options.RespectRobotsTxt)
            _robots = new RobotsTxtCache(fetcher, ProductToken(options.UserAgent), clock ?? TimeProvider.System);
    }

    public async Task<PageFetch> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme is not ("http" or "https"))
            return PageFetch.Failed(url, PageOutcome.Refused, $"not an http(s) link: {url.Scheme}");
        if (_robots is not null && !await _robots.IsAllowedAsync(url, cancellationToken).ConfigureAwait(false))
            return PageFetch.Failed(url, PageOutcome.RobotsDisallowed, $"disallowed by {url.GetLeftPart(UriPartial.Authority)}/robots.txt");

        var fetched = await _fetcher.FetchAsync(new FetchRequest(url), cancellationToken).ConfigureAwait(false);
        if (fetched.Status != FetchStatus.Fetched || fetched.Body is null)
            return PageFetch.Failed(fetched.FinalUrl, fetched.Refused ? PageOutcome.Refused : PageOutcome.FetchFailed,
                fetched.Error ?? $"nothing fetched ({fetched.Status})", fetched.HttpStatus);
        if (!LooksLikeHtml(fetched.ContentType, fetched.Body))
            return PageFetch.Failed(fetched.FinalUrl, PageOutcome.NotHtml, $"not an HTML page ({fetched.ContentType ?? "no Content-Type"})", fetched.HttpStatus);
        return new PageFetch(PageOutcome.Fetched, fetched.FinalUrl, PageTextDecoder.Decode(fetched.Body, fetched.ContentType), null, fetched.HttpStatus);
    }

    /// <summary>"GujaratiNewsIndexer/1.2.0 (+https://…)" → "GujaratiNewsIndexer", the name robots.txt groups use.</summary>
    internal static string ProductToken(string userAgent) => userAgent.Split('/', ' ')[0];

    private static bool LooksLikeHtml(string? contentType, byte[] body)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (media is "text/html" or "application/xhtml+xml") return true;
        if (!string.IsNullOrEmpty(media) && media is not ("text/plain" or "application/octet-stream")) return false;
        // No or a generic type: sniff for markup as browsers do.
        var head = System.Text.Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, 512)).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');
        return head.StartsWith('<') && (head.Contains("<html", StringComparison.OrdinalIgnoreCase) || head.Contains("<body", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>What fetching one page gave: its HTML, or why not.</summary>
/// <param name="FinalUrl">Where the page was after redirects: links and metadata resolve against it.</param>
public sealed record PageFetch(PageOutcome Outcome, Uri FinalUrl, string? Html, string? Error, int? HttpStatus)
{
    internal static PageFetch Failed(Uri url, PageOutcome outcome, string error, int? httpStatus = null) => new(outcome, url, null, error, httpStatus);
}

/// <summary>How a page fetch and extraction ended; the label of the page-fetch metric.</summary>
public enum PageOutcome
{
    /// <summary>The HTML arrived (extraction has not run yet).</summary>
    Fetched,
    /// <summary>The story was extracted.</summary>
    Extracted,
    /// <summary>Timeout, connection failure, 4xx/5xx, too large: worth another try later.</summary>
    FetchFailed,
    /// <summary>The link answered with something that is not HTML.</summary>
    NotHtml,
    /// <summary>The page holds nothing that reads as a story.</summary>
    NothingExtracted,
    /// <summary>The publisher's robots.txt disallows the page: not retried.</summary>
    RobotsDisallowed,
    /// <summary>Never requested: a private address, or not http(s). Not retried.</summary>
    Refused,
}
