using System.Net;
using System.Text;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Indexer.Benchmarks;

/// <summary>
/// Serves the corpus, repeated to the wanted number of articles, as many RSS feeds on 127.0.0.1. Each repeat
/// gets its own guid, so every article is distinct to the service.
/// </summary>
internal sealed class FeedFarm : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[][] _feeds;
    private readonly int[] _hits;
    private volatile byte[] _fresh = Rss("");

    private FeedFarm(WebApplication app, byte[][] feeds)
    {
        _app = app;
        _feeds = feeds;
        _hits = new int[feeds.Length];
    }

    /// <summary>Requests each feed has had since the last <see cref="ResetHits"/>.</summary>
    public IReadOnlyList<int> Hits => [.. _hits];

    public void ResetHits()
    {
        Array.Clear(_hits);
        FirstHitAt = null;
    }

    /// <summary>When a feed was first requested since the last <see cref="ResetHits"/> (UTC).</summary>
    public DateTime? FirstHitAt { get; private set; }

    /// <summary>When <c>/fresh.xml</c> first answered with its current content (UTC), or null until it has.</summary>
    public DateTime? FreshServedAt { get; private set; }

    /// <summary>Makes <c>/fresh.xml</c> list one article whose body is <paramref name="word"/>.</summary>
    public void Publish(string word)
    {
        FreshServedAt = null;
        _fresh = Rss($"<item><guid>{word}</guid><title>{word}</title><link>http://127.0.0.1/fresh/{word}</link><description>{word}</description></item>");
    }

    private static byte[] Rss(string items) => Encoding.UTF8.GetBytes(
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>fresh</title><link>http://127.0.0.1/</link><description>f</description>{items}</channel></rss>");

    public string BaseUrl { get; private set; } = "";

    /// <summary>A webhook receiver beside the feeds (POST /hook answers 204), for the alerts benchmark.</summary>
    public string WebhookUrl => BaseUrl + "/hook";

    private int _webhookCalls;
    public int WebhookCalls => Volatile.Read(ref _webhookCalls);
    public int FeedCount => _feeds.Length;
    public long TotalBytes => _feeds.Sum(f => (long)f.Length);

    public static async Task<FeedFarm> StartAsync(IReadOnlyList<CorpusDocument> corpus, int articles, int feedCount)
    {
        var perFeed = (articles + feedCount - 1) / feedCount;
        var feeds = new byte[feedCount][];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var f = 0; f < feedCount; f++)
        {
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>bench</title><link>http://127.0.0.1/</link><description>b</description><language>gu</language>");
            for (var i = 0; i < perFeed && f * perFeed + i < articles; i++)
            {
                var n = f * perFeed + i;
                var doc = corpus[n % corpus.Count];
                var repeat = n / corpus.Count;
                xml.Append("<item><guid isPermaLink=\"false\">").Append(doc.Id).Append('-').Append(repeat).Append("</guid>")
                   .Append("<title>").Append(WebUtility.HtmlEncode(doc.Title)).Append("</title>")
                   .Append("<link>http://127.0.0.1/a/").Append(n).Append("</link>")
                   .Append("<pubDate>").Append(start.AddMinutes(n).ToString("r")).Append("</pubDate>")
                   .Append("<description>").Append(WebUtility.HtmlEncode("<p>" + doc.Body + "</p>")).Append("</description></item>");
            }
            feeds[f] = Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var farm = new FeedFarm(app, feeds);
        app.MapGet("/feed/{n:int}.xml", (int n) =>
        {
            if (n < 0 || n >= feeds.Length) return Results.NotFound();
            Interlocked.Increment(ref farm._hits[n]);
            farm.FirstHitAt ??= DateTime.UtcNow;
            return Results.Bytes(feeds[n], "application/rss+xml; charset=utf-8");
        });
        app.MapGet("/fresh.xml", () =>
        {
            var body = farm._fresh;
            farm.FreshServedAt ??= DateTime.UtcNow;
            return Results.Bytes(body, "application/rss+xml; charset=utf-8");
        });
        app.MapPost("/hook", () => { Interlocked.Increment(ref farm._webhookCalls); return Results.NoContent(); });
        await app.StartAsync();
        farm.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return farm;
    }

    /// <param name="fresh">Also list /fresh.xml (the commit-to-searchable probe), fetched every second.</param>
    /// <remarks>
    /// The items carry whole stories, some short: fullText "never", or the service would try each short one's page
    /// (refused: a private address) and index it a second time with the failure noted.
    /// </remarks>
    public string FeedsJson(TimeSpan interval, bool fresh = false) => System.Text.Json.JsonSerializer.Serialize(new
    {
        feeds = Enumerable.Range(0, _feeds.Length).Select(n => new { id = $"bench-{n:000}", url = $"{BaseUrl}/feed/{n}.xml", interval = interval.ToString("c"), fullText = "never" })
            .Concat(fresh ? [new { id = "fresh", url = $"{BaseUrl}/fresh.xml", interval = "00:00:01", fullText = "never" }] : []),
    });

    /// <summary>
    /// The service's own fetch and parse registration, nothing else, with the response cap raised: the service's cap
    /// is for publishers, and a million articles come as feeds of 5 MB each.
    /// </summary>
    public static ServiceProvider FetchingServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fetching:MaxResponseBytes"] = MaxFeedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
#pragma warning disable ASP0000
        return new ServiceCollection().AddLogging().AddFeedFetching(configuration.GetSection(FetchingOptions.SectionName)).BuildServiceProvider();
#pragma warning restore ASP0000
    }

    public const long MaxFeedBytes = 256L << 20;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
