namespace Indexer.Configuration;

/// <summary>
/// Warns about each enabled alert whose <c>feed</c> names no configured feed: such an alert matches nothing from
/// that feed and would sit silent. Checked when the service starts and after every edit of alerts.json or
/// feeds.json. A warning and not a refusal: removing a feed from feeds.json must not make alerts.json invalid (the
/// next start or alert edit would be refused for it), and an alert may be written before the feed it waits for.
/// </summary>
public sealed class AlertFeedWarnings(AlertCatalog alerts, FeedCatalog feeds, ILogger<AlertFeedWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Warn(alerts.Alerts, feeds.Feeds);
        alerts.BeforeReplace((edited, _) =>
        {
            Warn(edited, feeds.Feeds);
            return Task.CompletedTask;
        });
        feeds.Subscribe((edited, _) =>
        {
            Warn(alerts.Alerts, edited);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Warn(IReadOnlyList<AlertDefinition> alertList, IReadOnlyList<FeedDefinition> feedList)
    {
        // Ids are unique ignoring case, and an alert's feed names one however it is cased.
        var configured = feedList.Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var alert in alertList.Where(a => a.Enabled))
        {
            foreach (var feed in alert.Feeds.Where(f => !configured.Contains(f)))
            {
                var hint = configured.Count == 0 ? "feeds.json lists none"
                    : "the feeds are " + string.Join(", ", configured.Order(StringComparer.Ordinal));
                logger.LogWarning(
                    "alerts.json: alert \"{Alert}\": field \"feed\": no feed \"{Feed}\" is configured, so the alert matches nothing from it until feeds.json has one ({Hint})",
                    alert.Id, feed, hint);
            }
        }
    }
}
