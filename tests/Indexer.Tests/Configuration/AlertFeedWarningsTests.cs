using Indexer.Configuration;
using Indexer.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Configuration;

/// <summary>
/// An alert filtered to a feed that is not configured never fires; the operator reads why in the log, at start and
/// after each edit of alerts.json or feeds.json, and the alert itself stays (a removed feed must not break alerts.json).
/// </summary>
public sealed class AlertFeedWarningsTests
{
    private readonly RecordingLogger<AlertFeedWarnings> _log = new();

    private static FeedDefinition Feed(string id) => new() { Id = id, Url = new Uri($"http://127.0.0.1:9/{id}.xml"), Interval = TimeSpan.FromMinutes(5) };

    private static AlertDefinition Alert(string id, bool enabled = true, params string[] feeds) =>
        new() { Id = id, Query = "રશિયા", Feeds = feeds, Webhook = new Uri("http://127.0.0.1:9/hook"), Secret = "s", Enabled = enabled };

    private List<string> Warnings() => [.. _log.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];

    [Fact]
    public async Task An_alert_naming_no_configured_feed_is_named_at_start_with_the_feed_and_the_feeds_there_are()
    {
        var feeds = new FeedCatalog([Feed("bbc"), Feed("sample")]);
        var alerts = new AlertCatalog([Alert("typo", feeds: "nope"), Alert("fine", feeds: "bbc"), Alert("off", enabled: false, feeds: "nope"), Alert("any")]);
        await new AlertFeedWarnings(alerts, feeds, _log).StartAsync(CancellationToken.None);

        var warning = Assert.Single(Warnings());
        Assert.Equal("alerts.json: alert \"typo\": field \"feed\": no feed \"nope\" is configured, so the alert matches nothing from it until feeds.json has one (the feeds are bbc, sample)", warning);
    }

    [Fact]
    public async Task A_feed_id_in_another_case_names_that_feed_and_is_no_warning()
    {
        var warnings = new AlertFeedWarnings(new AlertCatalog([Alert("a", feeds: "BBC")]), new FeedCatalog([Feed("bbc")]), _log);
        await warnings.StartAsync(CancellationToken.None);
        Assert.Empty(Warnings());
    }

    [Fact]
    public async Task Edits_of_alerts_json_and_of_feeds_json_are_checked_again_and_the_alert_is_kept()
    {
        var feeds = new FeedCatalog([Feed("bbc")]);
        var alerts = new AlertCatalog([Alert("fine", feeds: "bbc")]);
        await new AlertFeedWarnings(alerts, feeds, _log).StartAsync(CancellationToken.None);
        Assert.Empty(Warnings());

        // alerts.json edited: a new alert with a misspelt feed.
        await alerts.ReplaceAsync([Alert("fine", feeds: "bbc"), Alert("typo", feeds: "bcc")], CancellationToken.None);
        Assert.Contains("alert \"typo\": field \"feed\": no feed \"bcc\"", Assert.Single(Warnings()));
        Assert.Equal(2, alerts.Alerts.Count);

        // feeds.json edited: the feed of a working alert removed.
        await feeds.ReplaceAsync([Feed("sample")], CancellationToken.None);
        Assert.Contains(Warnings(), w => w.StartsWith("alerts.json: alert \"fine\": field \"feed\": no feed \"bbc\" is configured", StringComparison.Ordinal));
        Assert.Equal(2, alerts.Alerts.Count);
    }
}
