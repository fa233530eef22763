using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>
/// Re-reads feeds.json whenever its content changes and hands the new list to the <see cref="FeedCatalog"/>.
/// Polls rather than relying on file-system events, which do not reach containers through many volume mounts.
/// A broken edit is logged and ignored: the last good list stays.
/// </summary>
public sealed class FeedsFileWatcher(
    ConfigLocation config,
    FeedCatalog catalog,
    IOptions<SchedulingOptions> options,
    ILogger<FeedsFileWatcher> logger) : BackgroundService
{
    // The list the catalog was filled with was read before the host started; edits count from that content.
    private byte[]? _lastHash = TryHash(config.FeedsPath);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WatchAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, including after a start that failed elsewhere: not a failure of this service.
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ConfigReloadInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            byte[] hash;
            try
            {
                hash = SHA256.HashData(await File.ReadAllBytesAsync(config.FeedsPath, stoppingToken));
            }
            catch (IOException e)
            {
                logger.LogWarning("Cannot read {Path}: {Error}; keeping the current feeds", config.FeedsPath, e.Message);
                continue;
            }
            if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash)) continue;
            _lastHash = hash;
            try
            {
                var feeds = FeedsFile.Load(config.Directory);
                await catalog.ReplaceAsync(feeds, stoppingToken);
                logger.LogInformation("Reloaded {Path}: {Count} feeds", config.FeedsPath, feeds.Count);
            }
            catch (ConfigException e)
            {
                logger.LogError("Ignoring the edit of {Path}; the last good feeds stay. {Error}", config.FeedsPath, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever an edit does, it must not stop the service: the watcher is a BackgroundService, and one
                // that throws takes the host down with it.
                logger.LogError(e, "Applying the edit of {Path} failed; the schedule may be partly updated", config.FeedsPath);
            }
        }
    }

    private static byte[]? TryHash(string path)
    {
        try { return SHA256.HashData(File.ReadAllBytes(path)); }
        catch (IOException) { return null; }
    }
}
