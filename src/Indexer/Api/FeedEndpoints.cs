using Indexer.Configuration;
using Indexer.Feeds.Opml;
using Indexer.Pipeline;
using Indexer.Scheduling;
using Indexer.Storage;

namespace Indexer.Api;

/// <summary>One configured feed and how fetching it has gone, for <c>GET /feeds</c>.</summary>
public sealed record FeedStatusView(
    string Id,
    string Url,
    string FetchUrl,
    bool Enabled,
    string? Category,
    string Language,
    FullTextMode FullText,
    string Schedule,
    DateTimeOffset? LastFetchedAt,
    DateTimeOffset? LastSuccessAt,
    string? LastStatus,
    int? LastHttpStatus,
    string? LastError,
    string? LastWarning,
    int ConsecutiveFailures,
    DateTimeOffset? NextFetchAt,
    long ArticleCount,
    long PagesPending,
    long PagesFailed);

public static class FeedEndpoints
{
    public static void MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds", async (FeedCatalog catalog, FeedScheduler scheduler, IArticleStore store, IFeedStateStore feedStates, IPageQueue pages, CancellationToken cancellationToken) =>
        {
            var states = await feedStates.GetAllAsync(cancellationToken);
            var counts = await store.CountArticlesByFeedAsync(cancellationToken);
            var pageCounts = await pages.CountByFeedAsync(cancellationToken);
            var views = new List<FeedStatusView>();
            foreach (var feed in catalog.Feeds)
            {
                var state = states.GetValueOrDefault(feed.Id) ?? new FeedState { FeedId = feed.Id };
                var next = feed.Enabled ? await scheduler.NextFetchTimeAsync(feed.Id, state.NotBefore, cancellationToken) : null;
                views.Add(new FeedStatusView(
                    feed.Id, feed.ConfiguredUrl, FeedRefresher.FetchUrl(feed, state).AbsoluteUri, feed.Enabled, feed.Category, feed.Language, feed.FullText, feed.Schedule,
                    state.LastFetchedAt, state.LastSuccessAt, state.LastStatus, state.LastHttpStatus, state.LastError, state.LastWarning,
                    state.ConsecutiveFailures, next, counts.GetValueOrDefault(feed.Id),
                    pageCounts.GetValueOrDefault(feed.Id)?.Pending ?? 0, pageCounts.GetValueOrDefault(feed.Id)?.Failed ?? 0));
            }
            return Results.Ok(views);
        })
        .WithName("ListFeeds")
        .WithSummary("Configured feeds and how fetching each has gone")
        .WithDescription("One entry per feed in feeds.json: its language and fullText setting, schedule, last fetch and its outcome, consecutive failures, next fetch, stored article count, and pages waiting for their story (pagesPending) or given up (pagesFailed).")
        .Produces<List<FeedStatusView>>();

        app.MapGet("/feeds.opml", (FeedCatalog catalog, TimeProvider clock) =>
        {
            // Only what a feed reader can subscribe to: a file feed is a path on this server.
            var feeds = catalog.Feeds.Where(f => f.Url.Scheme is "http" or "https")
                .Select(f => new OpmlFeed(f.Id, f.Url, f.Category));
            return Results.Text(OpmlDocument.Write("Gujarati news indexer: feeds", feeds, clock.GetUtcNow()), "text/x-opml; charset=utf-8");
        })
        .WithName("ExportFeedsOpml")
        .WithSummary("The configured feeds as OPML 2.0")
        .WithDescription("Every configured http(s) feed, enabled or not, titled by its id and grouped by its category, for import into a feed reader (or back into feeds.json with import-opml).")
        .Produces<string>(contentType: "text/x-opml");
    }
}
