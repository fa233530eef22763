using System.Diagnostics;

namespace Indexer.Benchmarks;

internal sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P95Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    /// <summary>The requests slower than p99, by path: few paths many times means costly requests, many paths once each means waiting.</summary>
    public IReadOnlyList<(string Path, int Times, double MaxMs)> Tail { get; init; } = [];

    /// <summary>
    /// The requests slower than p99 grouped into bursts of overlapping requests: about as many bursts as collections
    /// means the tail is the service pausing for everyone at once; nearly as many bursts as tail requests means
    /// requests waiting alone (for a core, a lock, or their own work).
    /// </summary>
    public int TailBursts { get; init; }
}

/// <summary>A fixed number of clients sending requests back to back for a fixed time; bounded in both.</summary>
internal static class LoadRunner
{
    public static Task<LoadResult> RunAsync(string name, HttpClient client, IReadOnlyList<string> paths, int clients, TimeSpan duration) =>
        RunAsync(name, [client], paths, clients, duration);

    /// <summary>Requests go round-robin over <paramref name="instances"/>, as a load balancer in front of them would send them.</summary>
    public static async Task<LoadResult> RunAsync(string name, IReadOnlyList<HttpClient> instances, IReadOnlyList<string> paths, int clients, TimeSpan duration)
    {
        var latencies = new List<(double Ms, int Path, long Started)>[clients];
        long errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = new List<(double, int, long)>(4096);
            var i = c;
            while (stopwatch.Elapsed < duration)
            {
                var which = i++ % paths.Count;
                var path = paths[which];
                var started = Stopwatch.GetTimestamp();
                using var response = await instances[i % instances.Count].GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add((Stopwatch.GetElapsedTime(started).TotalMilliseconds, which, started));
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref errors) <= 3)
                    Console.Error.WriteLine($"  {(int)response.StatusCode} for {Uri.UnescapeDataString(path)}");
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var timed = latencies.SelectMany(l => l).OrderBy(l => l.Ms).ToArray();
        var all = timed.Select(t => t.Ms).ToArray();
        var p99 = Percentile(all, 0.99);
        var tail = timed.Where(t => t.Ms > p99).GroupBy(t => t.Path)
            .Select(g => (paths[g.Key], g.Count(), g.Max(t => t.Ms))).OrderByDescending(g => g.Item2).ThenByDescending(g => g.Item3).ToList();
        return new LoadResult(name, all.Length, errors, seconds, Percentile(all, 0.50), Percentile(all, 0.95), p99) { Tail = tail, TailBursts = Bursts(timed.Where(t => t.Ms > p99)) };
    }

    private static int Bursts(IEnumerable<(double Ms, int Path, long Started)> slow)
    {
        var bursts = 0;
        var end = long.MinValue;
        foreach (var (ms, _, started) in slow.OrderBy(t => t.Started))
        {
            if (started > end) bursts++;
            end = Math.Max(end, started + (long)(ms * Stopwatch.Frequency / 1000));
        }
        return bursts;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
