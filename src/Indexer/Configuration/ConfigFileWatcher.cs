using System.Security.Cryptography;

namespace Indexer.Configuration;

/// <summary>
/// Re-reads one config file whenever its content changes and applies it. Polls rather than relying on file-system
/// events, which do not reach containers through many volume mounts. A broken edit is logged and ignored: what was
/// applied last stays. Whatever an edit does, it never stops the service.
/// </summary>
public abstract class ConfigFileWatcher(string path, TimeSpan interval, ILogger logger) : BackgroundService
{
    // What the host started with was read before it started; edits count from that content.
    private byte[]? _lastHash = TryHash(path);

    /// <summary>What the file configures ("feeds", "alerts"), for the log.</summary>
    protected abstract string Subject { get; }

    /// <summary>An optional file may be missing: removing it is an edit (to "none"), not an error.</summary>
    protected virtual bool Optional => false;

    /// <summary>Reads, validates and applies the file; throws <see cref="ConfigException"/> for a broken edit. Returns how many items it holds.</summary>
    protected abstract Task<int> ApplyAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await CheckAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, including after a start that failed elsewhere: not a failure of this service.
        }
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        byte[]? hash;
        try
        {
            hash = Optional && !File.Exists(path) ? [] : SHA256.HashData(await File.ReadAllBytesAsync(path, stoppingToken));
        }
        catch (IOException e)
        {
            logger.LogWarning("Cannot read {Path}: {Error}; keeping the current {Subject}", path, e.Message, Subject);
            return;
        }
        if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash)) return;
        _lastHash = hash;
        try
        {
            var count = await ApplyAsync(stoppingToken);
            logger.LogInformation("Reloaded {Path}: {Count} {Subject}", path, count, Subject);
        }
        catch (ConfigException e)
        {
            logger.LogError("Ignoring the edit of {Path}; the last good {Subject} stay. {Error}", path, Subject, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The watcher is a BackgroundService, and one that throws takes the host down with it.
            logger.LogError(e, "Applying the edit of {Path} failed; the {Subject} may be partly updated", path, Subject);
        }
    }

    private static byte[]? TryHash(string path)
    {
        try { return File.Exists(path) ? SHA256.HashData(File.ReadAllBytes(path)) : []; }
        catch (IOException) { return null; }
    }
}
