using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Indexer.Configuration;

/// <summary>
/// The configured alerts: the one owner of the alert list. Filled from alerts.json before the host starts, swapped
/// whole by <see cref="AlertsFileWatcher"/> on each good edit; the matcher and the delivery worker read it.
/// </summary>
public sealed class AlertCatalog(IEnumerable<AlertDefinition> alerts)
{
    // The list and its lookup by id, swapped together: the delivery worker asks by id for every pending delivery.
    private Listing _listing = new(alerts);
    private ImmutableArray<Func<IReadOnlyList<AlertDefinition>, CancellationToken, Task>> _preparers = [];
    private long _version;

    public AlertCatalog() : this([]) { }

    public IReadOnlyList<AlertDefinition> Alerts => _listing.Alerts;

    /// <summary>Goes up with every replacement, so a reader can tell that what it built from the list is stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    public AlertDefinition? Find(string id) => _listing.ById.GetValueOrDefault(id);

    /// <summary>
    /// Calls <paramref name="prepare"/> with each new list before it becomes the list: the matcher records where new
    /// alerts start, so that no article stored after the edit is taken for old news.
    /// </summary>
    public void BeforeReplace(Func<IReadOnlyList<AlertDefinition>, CancellationToken, Task> prepare) =>
        ImmutableInterlocked.Update(ref _preparers, p => p.Add(prepare));

    public async Task ReplaceAsync(IReadOnlyList<AlertDefinition> alerts, CancellationToken cancellationToken)
    {
        foreach (var prepare in _preparers) await prepare(alerts, cancellationToken);
        _listing = new Listing(alerts);
        Interlocked.Increment(ref _version);
    }

    private sealed class Listing
    {
        public Listing(IEnumerable<AlertDefinition> alerts)
        {
            Alerts = [.. alerts];
            // The first of a repeated id, as a search of the list would find (alerts.json refuses repeats anyway).
            ById = Alerts.GroupBy(a => a.Id, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }

        public ImmutableArray<AlertDefinition> Alerts { get; }

        public FrozenDictionary<string, AlertDefinition> ById { get; }
    }
}

/// <summary>Says what is wrong with an alert's query and filters, or null: the search's own checks, brought by the host.</summary>
public delegate string? AlertQueryCheck(AlertDefinition alert);
