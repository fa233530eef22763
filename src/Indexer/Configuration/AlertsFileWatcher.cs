using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>
/// Re-reads alerts.json on each edit and replaces the <see cref="AlertCatalog"/>'s list; a broken edit is logged and
/// ignored, and removing the file removes every alert.
/// </summary>
public sealed class AlertsFileWatcher(
    ConfigLocation config,
    AlertCatalog catalog,
    AlertQueryCheck checkQuery,
    IOptions<SchedulingOptions> options,
    ILogger<AlertsFileWatcher> logger) : ConfigFileWatcher(config.AlertsPath, options.Value.ConfigReloadInterval, logger)
{
    protected override string Subject => "alerts";

    protected override bool Optional => true;

    protected override async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var alerts = AlertsFile.Load(config.Directory, a => checkQuery(a));
        await catalog.ReplaceAsync(alerts, cancellationToken);
        return alerts.Count;
    }
}
