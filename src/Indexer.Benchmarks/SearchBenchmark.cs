using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;

namespace Indexer.Benchmarks;

/// <summary>
/// The search engine alone, in this process (issue 11): the query mix through ArticleSearcher with and without its
/// result cache, the same number of threads, one after the other in one run. Plain Lucene.Net is measured beside
/// it over HTTP on an index of its own (ServiceBenchmark): the service's index keeps title and body in its hit
/// record, not as the stored fields the plain path and its classic highlighter read.
/// </summary>
internal static class SearchBenchmark
{
    public static void Run(ArticleIndex index, IReadOnlyList<SearchRequest> mix, int threads, TimeSpan duration)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SearchOptions());
        var service = new ArticleSearcher(index, options);
        // The result cache answers a repeated request without scoring it again; the mix repeats every 400 requests,
        // more often than real traffic would, so the engine is also measured without it.
        var uncached = new ArticleSearcher(index, Microsoft.Extensions.Options.Options.Create(new SearchOptions { ResultCacheSize = 0 }));
        // Warm the path (JIT, file cache) before measuring it.
        Measure("warm-up", threads, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), mix, r => uncached.Search(r).Hits.Count);

        var ours = Measure("ArticleSearcher", threads, duration, mix, r => service.Search(r).Hits.Count);
        var oursUncached = Measure("ArticleSearcher, no result cache", threads, duration, mix, r => uncached.Search(r).Hits.Count);
        Console.WriteLine($"search in process: {mix.Count} requests in the mix, {threads} threads, {duration.TotalSeconds:F0} s each, {index.DocumentCount} documents");
        Console.WriteLine("  path                                      queries   q/s    p50 ms  p95 ms  p99 ms");
        foreach (var r in new[] { ours, oursUncached })
            Console.WriteLine($"  {r.Name,-40} {r.Requests,8} {r.PerSecond,6:F0} {r.P50Ms,8:F1} {r.P95Ms,7:F1} {r.P99Ms,7:F1}");
        Console.WriteLine($"  with the result cache {ours.PerSecond / oursUncached.PerSecond:F2}× the queries per second of the searcher without it; p99 {ours.P99Ms / ours.P50Ms:F1}× p50, without it {oursUncached.P99Ms / oursUncached.P50Ms:F1}×");
        Profile(index, uncached, mix);
    }

    /// <summary>
    /// Where the tail comes from: every request of the mix alone on one thread (the best of three tries, so a
    /// neighbour's burst does not decide it), summed by the kind of request, and the slowest requests.
    /// </summary>
    private static void Profile(ArticleIndex index, ArticleSearcher uncached, IReadOnlyList<SearchRequest> mix)
    {
        static double Best(Action search)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var started = Stopwatch.GetTimestamp();
                search();
                best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return best;
        }
        var timed = mix.Select(r => (Request: r, Kind: Kind(r), Ours: Best(() => uncached.Search(r)))).ToList();
        // Garbage per request is what the collector's pauses, and with them the latency tail, grow with.
        static double KiB(IEnumerable<SearchRequest> requests, Action<SearchRequest> search)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var n = 0;
            foreach (var r in requests) { search(r); n++; }
            return (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / n;
        }
        var cached = new ArticleSearcher(index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
        KiB(mix, r => cached.Search(r));
        Console.WriteLine($"allocated per request, one thread: service {KiB(mix, r => uncached.Search(r)):F0} KiB, from its result cache {KiB(mix, r => cached.Search(r)):F0} KiB");
        Console.WriteLine("one request at a time, no result cache (best of 3): ms by kind of request");
        Console.WriteLine("  kind                 requests  service total  service max");
        foreach (var g in timed.GroupBy(t => t.Kind).OrderBy(g => g.Key))
            Console.WriteLine($"  {g.Key,-20} {g.Count(),8} {g.Sum(t => t.Ours),14:F1} {g.Max(t => t.Ours),12:F1}");
        Console.WriteLine($"  {"all",-20} {timed.Count,8} {timed.Sum(t => t.Ours),14:F1}");
        Console.WriteLine("  slowest for the service:");
        foreach (var t in timed.OrderByDescending(t => t.Ours).Take(8))
            Console.WriteLine($"    {t.Ours,7:F1} ms  {t.Kind,-12} {Uri.UnescapeDataString(QueryMix.Path(t.Request))}");
    }

    private static string Kind(SearchRequest r) =>
        r.Query.Length == 0 ? "browse a feed"
        : r.Query.StartsWith('"') ? "phrase"
        : r.Feeds.Count > 0 ? "feed filter"
        : r.From is not null ? "date filter"
        : r.Sort == SearchSort.Newest ? "newest first"
        : r.Page > 1 ? "page 2-5"
        : $"{r.Query.Split(' ').Length} word(s)";

    private static LoadResult Measure(string name, int threads, TimeSpan duration, IReadOnlyList<SearchRequest> mix, Func<SearchRequest, int> search)
    {
        var latencies = new List<double>[threads];
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var mine = latencies[t] = new List<double>(8192);
            for (var i = t * 7; stopwatch.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                search(mix[i % mix.Count]);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new LoadResult(name, all.Length, 0, stopwatch.Elapsed.TotalSeconds, P(0.5), P(0.95), P(0.99));
    }
}
