using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>Re-reads feeds.json on each edit and hands the new list to the <see cref="FeedCatalog"/>; a broken edit is logged and ignored.</summary>
public sealed class FeedsFileWatcher(
    ConfigLocation config,
    FeedCatalog catalog,
    IOptions<SchedulingOptions> options,
    ILogger<FeedsFileWatcher> logger) : ConfigFileWatcher(config.FeedsPath, options.Value.ConfigReloadInterval, logger)
{
    protected override string Subject => "feeds";

    protected override async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var feeds = FeedsFile.Load(config.Directory);
        await catalog.ReplaceAsync(feeds, cancellationToken);
        return feeds.Count;
    }
}
