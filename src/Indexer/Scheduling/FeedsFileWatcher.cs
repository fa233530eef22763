using System.Security.Cryptography;
using Indexer.Configuration;
using Microsoft.Extensions.Options;

namespace Indexer.Scheduling;

/// <summary>
/// Schedules the configured feeds at start and re-applies feeds.json whenever its content changes. Polls rather
/// than relying on file-system events, which do not reach containers through many volume mounts.
/// A broken edit is logged and ignored: the last good schedule stays.
/// </summary>
public sealed class FeedsFileWatcher(
    ConfigLocation config,
    FeedScheduler scheduler,
    IOptions<SchedulingOptions> options,
    ILogger<FeedsFileWatcher> logger) : BackgroundService
{
    private byte[]? _lastHash;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load was validated before the host started, so a failure here is not expected at all.
        var (feeds, hash) = Load();
        await scheduler.ApplyAsync(feeds, cancellationToken);
        _lastHash = hash;
        await base.StartAsync(cancellationToken);
    }

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
                logger.LogWarning("Cannot read {Path}: {Error}; keeping the current schedule", config.FeedsPath, e.Message);
                continue;
            }
            if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash)) continue;
            _lastHash = hash;
            try
            {
                var feeds = FeedsFile.Load(config.Directory);
                await scheduler.ApplyAsync(feeds, stoppingToken);
                logger.LogInformation("Reloaded {Path}: {Count} feeds", config.FeedsPath, feeds.Count);
            }
            catch (ConfigException e)
            {
                logger.LogError("Ignoring the edit of {Path}; the last good schedule stays. {Error}", config.FeedsPath, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever an edit does, it must not stop the service: the watcher is a BackgroundService, and one
                // that throws takes the host down with it.
                logger.LogError(e, "Applying the edit of {Path} failed; the schedule may be partly updated", config.FeedsPath);
            }
        }
    }

    private (IReadOnlyList<FeedDefinition> Feeds, byte[] Hash) Load()
    {
        var hash = SHA256.HashData(File.ReadAllBytes(config.FeedsPath));
        return (FeedsFile.Load(config.Directory), hash);
    }
}
