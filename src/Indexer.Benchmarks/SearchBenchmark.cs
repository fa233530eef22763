using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;

namespace Indexer.Benchmarks;

/// <summary>
/// The search engine alone, in this process (issue 11): the query mix through ArticleSearcher beside the same
/// requests through plain Lucene.Net with the classic highlighter (<see cref="PlainLuceneSearch"/>), on the same
/// index, the same number of threads, one after the other in one run.
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
        var plain = new PlainLuceneSearch(index.Analyzer, options.Value.SnippetLength);
        // Warm both paths (JIT, file cache) before measuring either.
        Measure("warm-up", threads, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), mix, r => service.Search(r).Hits.Count);
        Measure("warm-up", threads, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), mix, r => PlainSearch(index, plain, r));

        var baseline = Measure("plain Lucene.Net + classic Highlighter", threads, duration, mix, r => PlainSearch(index, plain, r));
        var ours = Measure("ArticleSearcher", threads, duration, mix, r => service.Search(r).Hits.Count);
        var oursUncached = Measure("ArticleSearcher, no result cache", threads, duration, mix, r => uncached.Search(r).Hits.Count);
        Console.WriteLine($"search in process: {mix.Count} requests in the mix, {threads} threads, {duration.TotalSeconds:F0} s each, {index.DocumentCount} documents");
        Console.WriteLine("  path                                      queries   q/s    p50 ms  p95 ms  p99 ms");
        foreach (var r in new[] { baseline, ours, oursUncached })
            Console.WriteLine($"  {r.Name,-40} {r.Requests,8} {r.PerSecond,6:F0} {r.P50Ms,8:F1} {r.P95Ms,7:F1} {r.P99Ms,7:F1}");
        Console.WriteLine($"  ArticleSearcher answers {ours.PerSecond / baseline.PerSecond:F2}× the queries per second of the plain path; its p99 is {ours.P99Ms / ours.P50Ms:F1}× its p50");
        Console.WriteLine($"  without its result cache {oursUncached.PerSecond / baseline.PerSecond:F2}×; p99 {oursUncached.P99Ms / oursUncached.P50Ms:F1}× p50");
    }

    private static int PlainSearch(ArticleIndex index, PlainLuceneSearch plain, SearchRequest request)
    {
        using var lease = index.Acquire();
        return plain.Search(lease.Searcher, request).Hits.Count;
    }

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
