using System.Collections.Immutable;

namespace Indexer.Configuration;

/// <summary>
/// The configured alerts: the one owner of the alert list. Filled from alerts.json before the host starts, swapped
/// whole by <see cref="AlertsFileWatcher"/> on each good edit; the matcher and the delivery worker read it.
/// </summary>
public sealed class AlertCatalog(IEnumerable<AlertDefinition> alerts)
{
    private ImmutableArray<AlertDefinition> _alerts = [.. alerts];
    private long _version;

    public AlertCatalog() : this([]) { }

    public IReadOnlyList<AlertDefinition> Alerts => _alerts;

    /// <summary>Goes up with every replacement, so a reader can tell that what it built from the list is stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    public AlertDefinition? Find(string id) => _alerts.FirstOrDefault(a => a.Id == id);

    public void Replace(IReadOnlyList<AlertDefinition> alerts)
    {
        _alerts = [.. alerts];
        Interlocked.Increment(ref _version);
    }
}

/// <summary>Says what is wrong with an alert's query and filters, or null: the search's own checks, brought by the host.</summary>
public delegate string? AlertQueryCheck(AlertDefinition alert);
