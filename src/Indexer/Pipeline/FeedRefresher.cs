using System.Diagnostics;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;
using Indexer.Metrics;
using Indexer.Storage;

namespace Indexer.Pipeline;

/// <summary>
/// The pipeline for one feed: fetch → parse → store. The index follows the store's change sequence on its own
/// (see Indexing/IndexingService), so this class only nudges it.
/// </summary>
public sealed class FeedRefresher(
    IFeedFetcher fetcher,
    IFeedParser parser,
    IArticleStore store,
    IFeedStateStore feedStates,
    StoreChangeSignal storeChanged,
    FeedBackoff backoff,
    PollingInterval polling,
    IndexerMetrics metrics,
    TimeProvider clock,
    ILogger<FeedRefresher> logger)
{
    public async Task<FeedState> RefreshAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var state = await feedStates.GetAsync(feed.Id, cancellationToken) ?? new FeedState { FeedId = feed.Id };
        var url = FetchUrl(feed, state);

        // A fault of ours (a parser bug a publisher's document found, a store that refused the write) is still this
        // feed's failure: recorded on it, backed off and counted like any other, so /feeds and the metrics show it
        // and the publisher is not asked again at every fire. Only the log carries the stack trace.
        FetchResult fetched;
        try
        {
            fetched = await fetcher.FetchAsync(new FetchRequest(url, state.ETag, state.LastModified, state.BodyHash), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            fetched = new FetchResult { Status = FetchStatus.Failed, FinalUrl = url, Error = Unexpected(feed, e) };
        }
        if (fetched.Status == FetchStatus.Failed)
            return await FailAsync(feed, state, fetched, fetched.Error ?? "fetch failed", stopwatch, cancellationToken);

        try
        {
            return await ReadAndStoreAsync(feed, state, fetched, stopwatch, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(feed, state, fetched, Unexpected(feed, e), stopwatch, cancellationToken);
        }
    }

    private string Unexpected(FeedDefinition feed, Exception e)
    {
        logger.LogError(e, "Refreshing {FeedId} failed on an unexpected error", feed.Id);
        return $"internal error (logged with its stack trace): {e.GetType().Name}: {e.Message}";
    }

    private async Task<FeedState> ReadAndStoreAsync(FeedDefinition feed, FeedState state, FetchResult fetched, Stopwatch stopwatch,
        CancellationToken cancellationToken)
    {
        var stored = new UpsertResult(0, 0, 0);
        TimeSpan? ttl = null;
        // A 304 or an unchanged body is the document already read: what was wrong with it still is.
        var warning = state.LastWarning;
        if (fetched.Status == FetchStatus.Fetched)
        {
            ParsedFeed parsed;
            try
            {
                parsed = parser.Parse(fetched.Body!, fetched.FinalUrl, fetched.ContentType);
            }
            catch (FeedFormatException e)
            {
                return await FailAsync(feed, state, fetched, e.Message, stopwatch, cancellationToken);
            }
            foreach (var item in parsed.Items.Where(i => i.Published is null && !string.IsNullOrWhiteSpace(i.PublishedRaw)))
                logger.LogWarning("Feed {FeedId}: item {Item} has a date we cannot read: {RawDate}", feed.Id, Name(item), item.PublishedRaw);
            parsed = WithoutFutureDates(feed, WithoutEmptyItems(parsed));

            warning = parsed.Warnings.Count == 0 ? null : string.Join("; ", parsed.Warnings);
            if (warning is not null)
            {
                // Stored all the same, but the publisher is sending something broken: the operator should hear of it.
                logger.LogWarning("Feed {FeedId}: read with a problem: {Warning}", feed.Id, warning);
                metrics.DocumentSalvaged(feed.Id);
            }

            ttl = parsed.Ttl;
            stored = await store.UpsertAsync(ArticleFactory.Create(feed, parsed), cancellationToken);
            if (stored.New + stored.Updated > 0) storeChanged.Notify();
        }

        var succeeded = Succeeded(feed, state, fetched, stored) with { LastWarning = warning };
        if (feed.Auto)
        {
            var history = await store.GetPublishingHistoryAsync(feed.Id, clock.GetUtcNow() - PollingInterval.Window, PollingInterval.Sample, cancellationToken);
            succeeded = succeeded with { NotBefore = succeeded.LastFetchedAt + polling.Next(history, fetched.MaxAge, ttl) };
        }
        await feedStates.SaveAsync(succeeded, cancellationToken);
        metrics.FetchCompleted(feed.Id, succeeded.LastStatus!, stopwatch.Elapsed);
        logger.LogInformation(
            "Fetched {FeedId}: {Outcome}, HTTP {HttpStatus}, {Bytes} bytes, {New} new, {Updated} updated in {DurationMs} ms",
            feed.Id, succeeded.LastStatus, (object?)fetched.HttpStatus ?? "-", fetched.Bytes, stored.New, stored.Updated, stopwatch.ElapsedMilliseconds);
        return succeeded;
    }

    /// <summary>The most a publisher's clock may run ahead of ours (a wrong time zone): a day.</summary>
    public static readonly TimeSpan FutureDateTolerance = TimeSpan.FromDays(1);

    /// <summary>
    /// An item dated further ahead than <see cref="FutureDateTolerance"/> is taken as undated (sorted by when it was
    /// first seen), logged and named in the feed's warning: stored as given, a date in 2099 kept it above every real
    /// article of "newest first" for as long as the store keeps it.
    /// </summary>
    private ParsedFeed WithoutFutureDates(FeedDefinition feed, ParsedFeed parsed)
    {
        var latest = clock.GetUtcNow() + FutureDateTolerance;
        var future = parsed.Items.Where(i => i.Published > latest).ToList();
        if (future.Count == 0) return parsed;
        foreach (var item in future)
            logger.LogWarning("Feed {FeedId}: item {Item} is dated {Date:u}, in the future; it is sorted by when it was first seen", feed.Id, Name(item), item.Published);
        var first = future[0];
        var warning = $"{future.Count} item(s) dated in the future (the first: {Name(first)}, {first.Published:yyyy-MM-dd}); sorted by when they were first seen";
        return parsed with
        {
            Items = [.. parsed.Items.Select(i => i.Published > latest ? i with { Published = null } : i)],
            Warnings = [.. parsed.Warnings, warning],
        };
    }

    /// <summary>
    /// Items with no title, no text and no link carry nothing to read or search; stored, they were blank articles
    /// counted among the feed's. One with a link is kept: its page may hold the story.
    /// </summary>
    private static ParsedFeed WithoutEmptyItems(ParsedFeed parsed)
    {
        static bool Empty(ParsedItem i) =>
            string.IsNullOrWhiteSpace(i.Title) && string.IsNullOrWhiteSpace(i.Body) && string.IsNullOrWhiteSpace(i.Summary) && string.IsNullOrWhiteSpace(i.Link);
        var empty = parsed.Items.Count(Empty);
        if (empty == 0) return parsed;
        return parsed with
        {
            Items = [.. parsed.Items.Where(i => !Empty(i))],
            Warnings = [.. parsed.Warnings, $"{empty} empty item(s) (no title, text or link) left out"],
        };
    }

    private static string Name(ParsedItem item) => item.Guid ?? item.Link ?? item.Title ?? "(no guid, link or title)";

    /// <summary>A 301/308 target replaces the configured URL until the operator changes the configured one.</summary>
    public static Uri FetchUrl(FeedDefinition feed, FeedState state) =>
        state.RedirectUrl is not null && state.RedirectFrom == feed.Url.AbsoluteUri ? new Uri(state.RedirectUrl) : feed.Url;

    private FeedState Succeeded(FeedDefinition feed, FeedState state, FetchResult fetched, UpsertResult stored)
    {
        var now = clock.GetUtcNow();
        // A redirect recorded for a URL the operator has since changed no longer applies.
        var (redirectUrl, redirectFrom) = fetched.PermanentRedirect is { } moved ? (moved.AbsoluteUri, feed.Url.AbsoluteUri)
            : state.RedirectFrom == feed.Url.AbsoluteUri ? (state.RedirectUrl, state.RedirectFrom)
            : (null, null);
        return state with
        {
            // A 304 carries no new validators; keep the ones that earned it.
            ETag = fetched.Status == FetchStatus.NotModified ? state.ETag : fetched.ETag,
            LastModified = fetched.Status == FetchStatus.NotModified ? state.LastModified : fetched.LastModified,
            BodyHash = fetched.BodyHash ?? state.BodyHash,
            RedirectUrl = redirectUrl,
            RedirectFrom = redirectFrom,
            LastFetchedAt = now,
            FetchedFrom = feed.Url.AbsoluteUri,
            LastSuccessAt = now,
            LastStatus = fetched.Status switch
            {
                FetchStatus.NotModified => "not-modified",
                FetchStatus.Unchanged => "unchanged",
                _ => "fetched",
            },
            LastHttpStatus = fetched.HttpStatus,
            LastError = null,
            ConsecutiveFailures = 0,
            NotBefore = null,
            LastNewCount = stored.New,
            LastUpdatedCount = stored.Updated,
        };
    }

    private async Task<FeedState> FailAsync(FeedDefinition feed, FeedState state, FetchResult fetched, string error,
        Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var failures = state.ConsecutiveFailures + 1;
        var failed = state with
        {
            LastFetchedAt = now,
            FetchedFrom = feed.Url.AbsoluteUri,
            LastStatus = "failed",
            LastHttpStatus = fetched.HttpStatus,
            LastError = error,
            ConsecutiveFailures = failures,
            NotBefore = now + backoff.Delay(failures, fetched.RetryAfter),
            LastNewCount = 0,
            LastUpdatedCount = 0,
        };
        await feedStates.SaveAsync(failed, cancellationToken);
        metrics.FetchCompleted(feed.Id, "failed", stopwatch.Elapsed);
        logger.LogWarning(
            "Fetch of {FeedId} failed ({Failures} in a row): {Error}; HTTP {HttpStatus}, {Bytes} bytes in {DurationMs} ms; next try not before {NotBefore:O}",
            feed.Id, failures, error, (object?)fetched.HttpStatus ?? "-", fetched.Bytes, stopwatch.ElapsedMilliseconds, failed.NotBefore);
        return failed;
    }
}
