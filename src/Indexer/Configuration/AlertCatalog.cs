using System.Collections.Immutable;

namespace Indexer.Configuration;

/// <summary>
/// The configured alerts: the one owner of the alert list. Filled from alerts.json before the host starts, swapped
/// whole by <see cref="AlertsFileWatcher"/> on each good edit; the matcher and the delivery worker read it.
/// </summary>
public sealed class AlertCatalog(IEnumerable<AlertDefinition> alerts)
{
    private ImmutableArray<AlertDefinition> _alerts = [.. alerts];
    private ImmutableArray<Func<IReadOnlyList<AlertDefinition>, CancellationToken, Task>> _preparers = [];
    private long _version;

    public AlertCatalog() : this([]) { }

    public IReadOnlyList<AlertDefinition> Alerts => _alerts;

    /// <summary>Goes up with every replacement, so a reader can tell that what it built from the list is stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    public AlertDefinition? Find(string id) => _alerts.FirstOrDefault(a => a.Id == id);

    /// <summary>
    /// Calls <paramref name="prepare"/> with each new list before it becomes the list: the matcher records where new
    /// alerts start, so that no article stored after the edit is taken for old news.
    /// </summary>
    public void BeforeReplace(Func<IReadOnlyList<AlertDefinition>, CancellationToken, Task> prepare) =>
        ImmutableInterlocked.Update(ref _preparers, p => p.Add(prepare));

    public async Task ReplaceAsync(IReadOnlyList<AlertDefinition> alerts, CancellationToken cancellationToken)
    {
        foreach (var prepare in _preparers) await prepare(alerts, cancellationToken);
        _alerts = [.. alerts];
        Interlocked.Increment(ref _version);
    }
}

/// <summary>Says what is wrong with an alert's query and filters, or null: the search's own checks, brought by the host.</summary>
public delegate string? AlertQueryCheck(AlertDefinition alert);
