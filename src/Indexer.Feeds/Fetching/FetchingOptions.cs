namespace Indexer.Feeds.Fetching;

/// <summary>How feeds are fetched; bound from the configuration section <c>Fetching</c>.</summary>
public sealed class FetchingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Fetching";

    /// <summary>Per fetch, overall: connecting, every redirect hop and reading the whole body. Default 20 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest body accepted, enforced while streaming so memory never grows past it. Default 15 MB.</summary>
    public long MaxResponseBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Sent on every request; names the indexer honestly so publishers can reach its operators.</summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Fetches in flight at once across all hosts. Default 4.</summary>
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>Fetches in flight at once to one host name, so a slow host holds at most this share of the global slots. Default 2.</summary>
    public int MaxConcurrentFetchesPerHost { get; set; } = 2;

    /// <summary>
    /// When false, HTTP connections to loopback, private (RFC 1918, unique-local), link-local and carrier-grade NAT
    /// addresses are refused, checked on the address actually connected to so DNS tricks cannot get round it.
    /// Default true: the sample feed, the service's integration tests and external checkers serve feeds from
    /// 127.0.0.1. Set it to false when the feed list is edited by people who should not reach the internal network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; } = true;

    /// <summary>
    /// When false (the default), fetches of the pages that feed items link to refuse loopback, private, link-local,
    /// carrier-grade NAT and metadata addresses (IPv4 and IPv6), checked on the address actually connected to and
    /// after every redirect: those links come from publishers, not from the operator. Separate from
    /// <see cref="AllowPrivateNetworks"/>, which covers the operator's own feed URLs.
    /// </summary>
    public bool AllowPrivatePages { get; set; }

    /// <summary>Whether page fetches honour the publisher's robots.txt (cached per host). Default true.</summary>
    public bool RespectRobotsTxt { get; set; } = true;

    /// <summary>"GujaratiNewsIndexer/&lt;version&gt; (+https://github.com/gujarati-news-indexer/indexer)".</summary>
    public static string DefaultUserAgent { get; } =
        $"GujaratiNewsIndexer/{typeof(FetchingOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"} (+https://github.com/gujarati-news-indexer/indexer)";
}
