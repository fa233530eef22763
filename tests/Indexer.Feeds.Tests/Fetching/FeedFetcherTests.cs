using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Indexer.Feeds.Fetching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Indexer.Feeds.Tests.Fetching;

public sealed class FeedFetcherTests : IDisposable
{
    private const string ETag = "\"v1\"";
    private const string LastModified = "Sat, 13 Sep 2025 04:45:00 GMT";
    private static readonly byte[] FeedBody = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>ગુજરાત</title></channel></rss>");
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    private FeedFetcher Fetcher(Action<FetchingOptions>? configure = null)
    {
        var options = new FetchingOptions { Timeout = TimeSpan.FromSeconds(5), MaxResponseBytes = 64 * 1024 };
        configure?.Invoke(options);
        var client = new HttpClient(FeedHttpHandlerFactory.Create(options));
        var fetcher = new FeedFetcher(client, Options.Create(options));
        _owned.Add(client);
        _owned.Add(fetcher);
        return fetcher;
    }

    private static Task<FetchResult> Fetch(FeedFetcher fetcher, Uri url, string? etag = null, string? lastModified = null, string? hash = null) =>
        fetcher.FetchAsync(new FetchRequest(url, etag, lastModified, hash), CancellationToken.None);

    // A well-behaved feed endpoint: validators, max-age, and 304 when the client's ETag matches.
    private static async Task ServeFeed(HttpContext context)
    {
        context.Response.Headers.ETag = ETag;
        context.Response.Headers.LastModified = LastModified;
        context.Response.Headers.CacheControl = "public, max-age=300";
        if (context.Request.Headers.IfNoneMatch == ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        await context.Response.Body.WriteAsync(FeedBody);
    }

    [Fact]
    public async Task First_fetch_returns_body_hash_and_validators_and_sends_honest_headers()
    {
        await using var server = await TestFeedServer.StartAsync(ServeFeed);

        var result = await Fetch(Fetcher(o => o.UserAgent = "TestIndexer/9.9 (+https://example.org/bot)"), server.Url("/feed.xml"));

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(FeedBody, result.Body);
        Assert.Equal(FeedBody.Length, result.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(FeedBody)), result.BodyHash);
        Assert.Equal("application/rss+xml; charset=utf-8", result.ContentType);
        Assert.Equal(ETag, result.ETag);
        Assert.Equal(LastModified, result.LastModified);
        Assert.Equal(TimeSpan.FromMinutes(5), result.MaxAge);
        Assert.Equal(server.Url("/feed.xml"), result.FinalUrl);
        Assert.Null(result.PermanentRedirect);
        Assert.Null(result.Error);
        Assert.True(result.Duration > TimeSpan.Zero);

        var seen = Assert.Single(server.Requests);
        Assert.Equal("TestIndexer/9.9 (+https://example.org/bot)", seen.Header("User-Agent"));
        Assert.StartsWith("application/rss+xml, application/atom+xml", seen.Header("Accept"));
        Assert.Null(seen.Header("If-None-Match"));
        Assert.Null(seen.Header("If-Modified-Since"));
    }

    [Fact]
    public void Default_user_agent_names_the_indexer_and_its_homepage()
    {
        Assert.Matches(@"^GujaratiNewsIndexer/\d+\.\d+\.\d+ \(\+https://github\.com/gujarati-news-indexer/indexer\)$", new FetchingOptions().UserAgent);
    }

    [Fact]
    public async Task Matching_etag_gets_not_modified_and_sends_both_validators()
    {
        await using var server = await TestFeedServer.StartAsync(ServeFeed);

        var result = await Fetch(Fetcher(), server.Url("/feed.xml"), ETag, LastModified);

        Assert.Equal(FetchStatus.NotModified, result.Status);
        Assert.Equal(304, result.HttpStatus);
        Assert.Null(result.Body);
        Assert.Equal(ETag, result.ETag);
        Assert.Equal(TimeSpan.FromMinutes(5), result.MaxAge);
        var seen = Assert.Single(server.Requests);
        Assert.Equal(ETag, seen.Header("If-None-Match"));
        Assert.Equal(LastModified, seen.Header("If-Modified-Since"));
    }

    [Fact]
    public async Task Same_body_as_last_time_is_unchanged()
    {
        await using var server = await TestFeedServer.StartAsync(ServeFeed);
        var fetcher = Fetcher();
        var first = await Fetch(fetcher, server.Url("/feed.xml"));

        var second = await Fetch(fetcher, server.Url("/feed.xml"), hash: first.BodyHash!.ToUpperInvariant());

        Assert.Equal(FetchStatus.Unchanged, second.Status);
        Assert.Null(second.Body);
        Assert.Equal(first.BodyHash, second.BodyHash);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Compressed_bodies_are_decompressed(string encoding)
    {
        await using var server = await TestFeedServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentEncoding = encoding;
            await context.Response.Body.WriteAsync(Compress(FeedBody, encoding));
        });

        var result = await Fetch(Fetcher(), server.Url("/"));

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(FeedBody, result.Body);
        var acceptEncoding = Assert.Single(server.Requests).Header("Accept-Encoding")!;
        Assert.Contains("gzip", acceptEncoding);
        Assert.Contains("br", acceptEncoding);
    }

    [Fact]
    public async Task Streamed_body_past_the_cap_fails_without_reading_it_all()
    {
        await using var server = await TestFeedServer.StartAsync(async context =>
        {
            var chunk = new byte[8 * 1024];
            for (var i = 0; i < 1000 && !context.RequestAborted.IsCancellationRequested; i++)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });

        var result = await Fetch(Fetcher(o => o.MaxResponseBytes = 16 * 1024), server.Url("/big"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("response larger than 16 KB limit", result.Error);
        Assert.Equal(200, result.HttpStatus);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Declared_length_past_the_cap_fails_before_reading()
    {
        await using var server = await TestFeedServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 20 * 1024 * 1024;
            await context.Response.Body.WriteAsync(new byte[1024]);
        });

        var result = await Fetch(Fetcher(o => o.MaxResponseBytes = 15 * 1024 * 1024), server.Url("/declared-big"));

        Assert.Equal("response larger than 15 MB limit", result.Error);
    }

    [Fact]
    public async Task Body_exactly_at_the_cap_is_accepted()
    {
        await using var server = await TestFeedServer.StartAsync(context => context.Response.Body.WriteAsync(new byte[4096]).AsTask());

        var result = await Fetch(Fetcher(o => o.MaxResponseBytes = 4096), server.Url("/exact"));

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(4096, result.Bytes);
    }

    [Fact]
    public async Task Stalled_body_times_out_with_the_configured_limit()
    {
        await using var server = await TestFeedServer.StartAsync(async context =>
        {
            await context.Response.WriteAsync("<rss version=\"2.0\">");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Fetch(Fetcher(o => o.Timeout = TimeSpan.FromMilliseconds(400)), server.Url("/stall"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("timed out after 0.4 s", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Caller_cancellation_propagates_instead_of_becoming_a_failure()
    {
        await using var server = await TestFeedServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Fetcher().FetchAsync(new FetchRequest(server.Url("/hang")), cancel.Token));
    }

    [Theory]
    [InlineData(429, "120", 120)]
    [InlineData(503, "120", 120)]
    [InlineData(429, "999999", 24 * 3600)]
    [InlineData(503, "99999999999999999999", 24 * 3600)]
    [InlineData(503, "-5", null)]
    public async Task Retry_after_in_seconds_is_returned_and_capped(int status, string retryAfter, int? expectedSeconds)
    {
        await using var server = await TestFeedServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = retryAfter;
            return Task.CompletedTask;
        });

        var result = await Fetch(Fetcher(), server.Url("/busy"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal(expectedSeconds is null ? null : TimeSpan.FromSeconds(expectedSeconds.Value), result.RetryAfter);
        Assert.Equal(status == 429 ? "HTTP 429 Too Many Requests" : "HTTP 503 Service Unavailable", result.Error);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_becomes_the_wait_from_now()
    {
        await using var server = await TestFeedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddHours(1).ToString("R");
            return Task.CompletedTask;
        });

        var result = await Fetch(Fetcher(), server.Url("/maintenance"));

        Assert.NotNull(result.RetryAfter);
        Assert.InRange(result.RetryAfter.Value, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Not_found_html_page_is_a_failure_with_the_status_in_words()
    {
        await using var server = await TestFeedServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Not here</h1></body></html>");
        });

        var result = await Fetch(Fetcher(), server.Url("/gone.xml"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(404, result.HttpStatus);
        Assert.Equal("HTTP 404 Not Found", result.Error);
        Assert.Null(result.Body);
        Assert.Null(result.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Permanent_redirect_chain_moves_the_feed_to_its_end()
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new()
        {
            ["/old"] = (301, "/older-new"),
            ["/older-new"] = (308, "/feed.xml"),
        }));

        var result = await Fetch(Fetcher(), server.Url("/old"));

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(server.Url("/feed.xml"), result.FinalUrl);
        Assert.Equal(server.Url("/feed.xml"), result.PermanentRedirect);
        Assert.Equal(["/old", "/older-new", "/feed.xml"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Conditional_headers_follow_the_redirect()
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new() { ["/old"] = (301, "/feed.xml") }));

        var result = await Fetch(Fetcher(), server.Url("/old"), ETag);

        Assert.Equal(FetchStatus.NotModified, result.Status);
        Assert.Equal(server.Url("/feed.xml"), result.PermanentRedirect);
        Assert.All(server.Requests, r => Assert.Equal(ETag, r.Header("If-None-Match")));
    }

    [Fact]
    public async Task Temporary_hop_after_a_permanent_one_moves_the_feed_only_as_far_as_the_permanent_hop()
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new()
        {
            ["/a"] = (301, "/b"),
            ["/b"] = (302, "/feed.xml"),
        }));

        var result = await Fetch(Fetcher(), server.Url("/a"));

        Assert.Equal(server.Url("/feed.xml"), result.FinalUrl);
        Assert.Equal(server.Url("/b"), result.PermanentRedirect);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(303)]
    public async Task Temporary_redirects_are_followed_without_moving_the_feed(int status)
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new() { ["/today"] = (status, "/feed.xml") }));

        var result = await Fetch(Fetcher(), server.Url("/today"));

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(server.Url("/feed.xml"), result.FinalUrl);
        Assert.Null(result.PermanentRedirect);
    }

    [Fact]
    public async Task Permanent_redirect_to_a_dead_page_moves_nothing()
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new() { ["/old"] = (301, "/missing") }, fallbackStatus: 404));

        var result = await Fetch(Fetcher(), server.Url("/old"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Null(result.PermanentRedirect);
        Assert.Equal(server.Url("/missing"), result.FinalUrl);
    }

    [Fact]
    public async Task Redirect_loop_is_reported()
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new() { ["/a"] = (302, "/b"), ["/b"] = (302, "/a") }));

        var result = await Fetch(Fetcher(), server.Url("/a"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal($"redirect loop: {server.Url("/a")} was already visited", result.Error);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task More_than_five_redirects_fail()
    {
        await using var server = await TestFeedServer.StartAsync(context =>
        {
            var hop = int.Parse(context.Request.Query["n"]!, System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"/hop?n={hop + 1}";
            return Task.CompletedTask;
        });

        var result = await Fetch(Fetcher(), server.Url("/hop?n=0"));

        Assert.Equal("too many redirects (more than 5)", result.Error);
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task Redirect_to_a_local_file_is_refused()
    {
        await using var server = await TestFeedServer.StartAsync(Redirects(new() { ["/sneaky"] = (302, "file:///etc/passwd") }));

        var result = await Fetch(Fetcher(), server.Url("/sneaky"));

        Assert.Equal("redirect to unsupported URL scheme file", result.Error);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Refused_connection_is_reported_in_words()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Fetch(Fetcher(), new Uri($"http://127.0.0.1:{port}/feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("connection refused", result.Error);
        Assert.Null(result.HttpStatus);
    }

    [Fact]
    public async Task Tls_to_a_plain_http_server_is_a_handshake_failure()
    {
        await using var server = await TestFeedServer.StartAsync(ServeFeed);

        var result = await Fetch(Fetcher(), new Uri($"https://127.0.0.1:{server.BaseUrl.Port}/feed.xml"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith("TLS handshake failed: ", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Private_network_guard_blocks_loopback_when_switched_on()
    {
        await using var server = await TestFeedServer.StartAsync(ServeFeed);

        var result = await Fetch(Fetcher(o => o.AllowPrivateNetworks = false), server.Url("/feed.xml"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal("blocked: 127.0.0.1 resolves to a private or loopback address (set Fetching:AllowPrivateNetworks=true to allow)", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Per_host_cap_limits_requests_in_flight_at_the_server()
    {
        await using var server = await TestFeedServer.StartAsync(async context =>
        {
            await Task.Delay(150);
            await ServeFeed(context);
        });
        var fetcher = Fetcher(o => (o.MaxConcurrentFetches, o.MaxConcurrentFetchesPerHost) = (4, 2));

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Fetch(fetcher, server.Url($"/feed.xml?i={i}"))));

        Assert.All(results, r => Assert.Equal(FetchStatus.Fetched, r.Status));
        Assert.Equal(6, server.Requests.Count);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/feed.xml", "unsupported URL scheme ftp")]
    public async Task Unsupported_schemes_fail_without_a_request(string url, string error)
    {
        var result = await Fetch(Fetcher(), new Uri(url));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(error, result.Error);
    }

    private static Func<HttpContext, Task> Redirects(Dictionary<string, (int Status, string Location)> hops, int? fallbackStatus = null) =>
        context =>
        {
            if (hops.TryGetValue(context.Request.Path.Value!, out var hop))
            {
                context.Response.StatusCode = hop.Status;
                context.Response.Headers.Location = hop.Location;
                return Task.CompletedTask;
            }
            if (fallbackStatus is { } status)
            {
                context.Response.StatusCode = status;
                return Task.CompletedTask;
            }
            return ServeFeed(context);
        };

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest),
            "br" => new BrotliStream(output, CompressionLevel.Fastest),
            _ => new ZLibStream(output, CompressionLevel.Fastest),
        })
        {
            compressor.Write(data);
        }
        return output.ToArray();
    }
}
