namespace Indexer.Benchmarks;

/// <summary>
/// Samples another process's resident memory every 100 ms from /proc, split the way the kernel counts it: its own
/// memory (RssAnon: heaps, stacks, SQLite's caches) and file pages mapped into it (RssFile: the memory-mapped index
/// files that searches and merges read, and the runtime's own files), beside the peak the kernel records (VmHWM).
/// VmHWM alone cannot judge a memory budget: at a million articles most of the service's peak was index pages the
/// kernel can drop whenever it needs the memory.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly int _processId;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private MemoryPeaks _peaks;

    public MemorySampler(int processId)
    {
        _processId = processId;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The peaks seen so far (and the kernel's VmHWM as last read), in MiB.</summary>
    public MemoryPeaks Peaks
    {
        get
        {
            // One more sample, so a short run still has one taken at its end.
            Sample();
            lock (_gate) return _peaks;
        }
    }

    private void Sample()
    {
        var status = Read(_processId);
        if (status is null) return; // the process has exited: its peaks are what was seen
        lock (_gate) _peaks = _peaks.Max(status.Value);
    }

    /// <summary>A process's VmHWM, RssAnon and RssFile now, or null once it has exited.</summary>
    public static MemoryPeaks? Read(int processId)
    {
        try
        {
            double hwm = 0, anon = 0, file = 0;
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = KiB(line);
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = KiB(line);
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = KiB(line);
            }
            return new MemoryPeaks(hwm / 1024, anon / 1024, file / 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _timer.Dispose();
}

/// <param name="Hwm">The kernel's peak resident set (VmHWM), mapped files included.</param>
/// <param name="Own">The highest RssAnon sampled: the process's own memory.</param>
/// <param name="Files">The highest RssFile sampled: file pages mapped into it, the index's among them.</param>
internal readonly record struct MemoryPeaks(double Hwm, double Own, double Files)
{
    public MemoryPeaks Max(MemoryPeaks other) => new(Math.Max(Hwm, other.Hwm), Math.Max(Own, other.Own), Math.Max(Files, other.Files));

    public override string ToString() => $"{Hwm:F0} MiB (own {Own:F0}, mapped files {Files:F0})";
}
