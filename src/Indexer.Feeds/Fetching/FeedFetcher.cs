using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Indexer.Feeds.Fetching;

/// <summary>
/// Fetches feeds over HTTP(S) with conditional GET, a streamed size cap, one overall timeout, redirects followed
/// by hand and per-host concurrency caps; reads <c>file://</c> URLs from disk. Thread-safe; meant to be a singleton.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> must not follow redirects and should decompress; <see cref="FeedHttpHandlerFactory"/> builds such a handler.
/// A permanent redirect is reported only when the fetch then succeeds, and only as far as the chain stayed permanent,
/// so a 301 to a 302 moves the feed to the 301's target and a 301 to a dead page moves nothing.
/// </remarks>
public sealed class FeedFetcher : IFeedFetcher, IDisposable
{
    /// <summary>Redirect hops followed before giving up.</summary>
    public const int MaxRedirects = 5;

    internal const string FeedAccept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

    private readonly HttpClient _http;
    private readonly FetchingOptions _options;
    private readonly TimeProvider _time;
    private readonly FetchConcurrencyGate _gate;
    private readonly bool _ownsGate;
    private readonly string _accept;
    private readonly bool _globalSlot;

    /// <param name="httpClient">Should be built on <see cref="FeedHttpHandlerFactory.Create"/>; its own Timeout is not relied on.</param>
    /// <param name="options">Timeout, size cap, User-Agent and concurrency caps.</param>
    /// <param name="timeProvider">Clock for Retry-After dates and durations; the system clock when null.</param>
    /// <param name="sharedHostLimit">Holds the per-host cap across processes; per process when null.</param>
    public FeedFetcher(HttpClient httpClient, IOptions<FetchingOptions> options, TimeProvider? timeProvider = null, ISharedHostLimit? sharedHostLimit = null)
        : this(httpClient, options?.Value ?? throw new ArgumentNullException(nameof(options)), timeProvider,
               new FetchConcurrencyGate(options.Value.MaxConcurrentFetches, options.Value.MaxConcurrentFetchesPerHost, sharedHostLimit), FeedAccept, ownsGate: true)
    {
    }

    /// <param name="gate">The caps shared with every other fetcher of the process (feeds and pages).</param>
    /// <param name="accept">The Accept header: feed types, or HTML for pages.</param>
    /// <param name="ownsGate">Whether disposing this fetcher disposes the gate.</param>
    /// <param name="globalSlot">Whether a fetch takes one of the global slots (feeds) or only its host's (pages, capped by their worker).</param>
    internal FeedFetcher(HttpClient httpClient, FetchingOptions options, TimeProvider? timeProvider, FetchConcurrencyGate gate, string accept,
        bool ownsGate = false, bool globalSlot = true)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _ownsGate = ownsGate;
        _gate = gate;
        _accept = accept;
        _globalSlot = globalSlot;
    }

    /// <inheritdoc />
    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.Url;
        if (url.IsFile)
            return await Timed(() => FileFeedFetcher.FetchAsync(request, _options.MaxResponseBytes, cancellationToken)).ConfigureAwait(false);
        if (url.Scheme is not ("http" or "https"))
            return FetchResults.Failed(url, $"unsupported URL scheme {url.Scheme}");

        // Time spent queued behind the caps is not the publisher's latency, so the clock starts after the gate.
        await using var slot = await _gate.EnterAsync(url, cancellationToken, _globalSlot).ConfigureAwait(false);
        return await Timed(() => FetchHttpAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsGate) _gate.Dispose();
    }

    private async Task<FetchResult> Timed(Func<Task<FetchResult>> fetch)
    {
        var started = _time.GetTimestamp();
        var result = await fetch().ConfigureAwait(false);
        return result with { Duration = _time.GetElapsedTime(started) };
    }

    private async Task<FetchResult> FetchHttpAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var url = request.Url;
        // A body that stalls or runs past the cap fails after the server has answered; /feeds shows what it said.
        int? answered = null;
        try
        {
            Uri? permanentTarget = null;
            var stillPermanent = true;
            var visited = new HashSet<Uri> { url };
            for (var hop = 0; ; hop++)
            {
                using var response = await SendAsync(url, request, timeout.Token).ConfigureAwait(false);
                answered = (int)response.StatusCode;
                if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
                    return await CompleteAsync(response, request, url, permanentTarget, timeout.Token).ConfigureAwait(false);

                var status = (int)response.StatusCode;
                if (hop == MaxRedirects)
                    return FetchResults.Failed(url, $"too many redirects (more than {MaxRedirects})", status);
                var next = new Uri(url, location);
                if (next.Scheme is not ("http" or "https"))
                    return FetchResults.Failed(url, $"redirect to unsupported URL scheme {next.Scheme}", status);
                if (!visited.Add(next))
                    return FetchResults.Failed(url, $"redirect loop: {next} was already visited", status);
                stillPermanent &= response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
                if (stillPermanent)
                    permanentTarget = next;
                url = next;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResults.Failed(url, $"timed out after {FetchResults.Seconds(_options.Timeout)}", answered);
        }
        catch (ResponseTooLargeException)
        {
            return FetchResults.Failed(url, FetchResults.TooLarge("response", _options.MaxResponseBytes), answered);
        }
        catch (HttpRequestException e)
        {
            return FetchResults.Failed(url, FetchErrorDescriber.Describe(e, url)) with { Refused = FetchErrorDescriber.IsRefusal(e) };
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // Broken chunking or a corrupt gzip/brotli stream surfaces while reading the body.
            return FetchResults.Failed(url, $"could not read the response body: {e.Message}", answered);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, FetchRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", _accept);
        // Validators go back exactly as the server sent them, so no parsing that might normalise them.
        if (!string.IsNullOrEmpty(request.ETag))
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (!string.IsNullOrEmpty(request.LastModified))
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FetchResult> CompleteAsync(
        HttpResponseMessage response, FetchRequest request, Uri url, Uri? permanentTarget, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new FetchResult
            {
                Status = FetchStatus.NotModified,
                HttpStatus = status,
                FinalUrl = url,
                PermanentRedirect = permanentTarget,
                // A 304 may omit the validators; the ones that earned it stay valid.
                ETag = ResponseHints.Raw(response, "ETag") ?? request.ETag,
                LastModified = ResponseHints.Raw(response, "Last-Modified") ?? request.LastModified,
                MaxAge = ResponseHints.MaxAge(response),
            };
        }
        if (!response.IsSuccessStatusCode)
        {
            return FetchResults.Failed(url, $"HTTP {status} {ReasonOf(response)}", status) with
            {
                RetryAfter = ResponseHints.RetryAfter(response, _time.GetUtcNow()),
            };
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var body = await BoundedBodyReader.ReadAsync(stream, _options.MaxResponseBytes, response.Content.Headers.ContentLength, cancellationToken)
            .ConfigureAwait(false);
        return FetchResults.FromBody(body, request, url) with
        {
            HttpStatus = status,
            PermanentRedirect = permanentTarget,
            ContentType = response.Content.Headers.ContentType?.ToString(),
            ETag = ResponseHints.Raw(response, "ETag"),
            LastModified = ResponseHints.Raw(response, "Last-Modified"),
            MaxAge = ResponseHints.MaxAge(response),
        };
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string ReasonOf(HttpResponseMessage response) =>
        string.IsNullOrWhiteSpace(response.ReasonPhrase) ? ReasonPhrases.GetReasonPhrase((int)response.StatusCode) : response.ReasonPhrase;
}
