using System.Diagnostics;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Hosting;
using Indexer.Indexing;
using Indexer.Storage;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indexer.Benchmarks;

/// <summary>
/// The engine in this process, no HTTP (issue 11). Rebuild speed: a store of N articles (the corpus repeated, each
/// copy its own guid) indexed from scratch several ways in one run, in alternating order, round after round: the
/// single-threaded way (plain Lucene.Net: one IndexWriter, the store read in order, UpdateDocument per change, one
/// commit), the service's rebuild (ArticleIndex + IndexSynchronizer: newest first, analysis on every core, refreshes
/// and commits on their cadence), and that rebuild with the backlog refreshed every RefreshInterval as before
/// issue 11's fix. Each round prints wall time and the process's CPU time; on a shared machine the ratio within a
/// round is what means something. Then search speed on the service's index (<see cref="SearchBenchmark"/>).
/// </summary>
internal static class EngineBenchmark
{
    /// <param name="kept">
    /// The data folder search-load --keep left with this many articles in its store and index: searched as it is,
    /// without the minutes it takes to write and index a million articles again (rounds then rebuild beside it).
    /// </param>
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, int articles, int threads, TimeSpan duration, IndexingOptions indexing, int rounds, string? kept = null)
    {
        var folder = kept is null ? System.IO.Directory.CreateTempSubdirectory("indexer-rebuild-") : new DirectoryInfo(kept);
        try
        {
            await using var storageServices = await BenchmarkStorage.OpenAsync(folder.FullName);
            var storage = storageServices.Options;
            var store = storageServices.Articles;
            if (kept is null)
            {
                var filling = Stopwatch.StartNew();
                await FillAsync(store, corpus, articles);
                Console.WriteLine($"store: {articles} articles written in {filling.Elapsed.TotalSeconds:F1} s " +
                                  $"({articles / filling.Elapsed.TotalSeconds:F0} articles/s), {new FileInfo(storage.Value.DatabasePath).Length / 1048576.0:F0} MiB");
            }

            var everyHalfSecond = Clone(indexing);
            everyHalfSecond.BackfillRefreshInterval = indexing.RefreshInterval;
            var contenders = new (string Name, Func<string, Task> Build)[]
            {
                ("single-threaded apply (plain Lucene.Net)", path => SingleThreadedApplyAsync(store, path)),
                ($"rebuild, {indexing.EffectiveThreads} threads, backlog refresh {indexing.BackfillRefreshInterval.TotalSeconds:0.#} s", path => ServiceRebuildAsync(store, path, indexing)),
                ($"rebuild, {indexing.EffectiveThreads} threads, backlog refresh {everyHalfSecond.BackfillRefreshInterval.TotalSeconds:0.#} s (before)", path => ServiceRebuildAsync(store, path, everyHalfSecond)),
            };
            var rates = contenders.Select(_ => new List<double>()).ToArray();
            for (var round = 1; round <= rounds; round++)
            {
                Console.WriteLine($"round {round} (load average {LoadAverage()})");
                // Alternate who goes first: a neighbour's build starting mid-round should not always hit the same one.
                var order = Enumerable.Range(0, contenders.Length).ToArray();
                if (round % 2 == 0) Array.Reverse(order);
                var seconds = new double[contenders.Length];
                foreach (var c in order)
                {
                    var path = Path.Combine(folder.FullName, $"index-{c}");
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    await contenders[c].Build(path);
                    seconds[c] = wall.Elapsed.TotalSeconds;
                    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                    var bytes = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                    rates[c].Add(articles / seconds[c]);
                    Console.WriteLine($"  {contenders[c].Name,-58} {seconds[c],6:F1} s = {articles / seconds[c],6:F0} articles/s, " +
                                      $"CPU {cpuSeconds,6:F1} s ({articles / cpuSeconds,5:F0} articles per CPU-second); index {bytes / 1048576.0:F0} MiB");
                    System.IO.Directory.Delete(path, recursive: true);
                }
                Console.WriteLine($"  rebuild is {seconds[0] / seconds[1]:F2}× the single-threaded apply rate (before the fix: {seconds[0] / seconds[2]:F2}×)");
            }
            if (rounds > 0)
            {
                var median = rates.Select(r => r.Order().ElementAt(r.Count / 2)).ToArray();
                Console.WriteLine($"median of {rounds} rounds: single-threaded {median[0]:F0}, rebuild {median[1]:F0} ({median[1] / median[0]:F2}×), " +
                                  $"before the fix {median[2]:F0} ({median[2] / median[0]:F2}×) articles/s");
            }

            if (duration <= TimeSpan.Zero) return;
            var options = Microsoft.Extensions.Options.Options.Create(indexing);
            using var index = new ArticleIndex(storage, NullLogger<ArticleIndex>.Instance, options);
            index.Open(forceRebuild: kept is null);
            await new IndexSynchronizer(store, index, NullLogger<IndexSynchronizer>.Instance, options).CatchUpAsync(default);
            SearchBenchmark.Run(index, QueryMix.Create(corpus, Feeds), threads, duration);
        }
        finally
        {
            if (kept is null) folder.Delete(recursive: true);
        }
    }

    internal const int Feeds = 100;

    private static IndexingOptions Clone(IndexingOptions options) => new()
    {
        RefreshInterval = options.RefreshInterval,
        BackfillRefreshInterval = options.BackfillRefreshInterval,
        CommitInterval = options.CommitInterval,
        Threads = options.Threads,
        RamBufferMB = options.RamBufferMB,
    };

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    internal static async Task FillAsync(IArticleStore store, IReadOnlyList<CorpusDocument> corpus, int articles)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        const int perTransaction = 2000;
        for (var first = 0; first < articles; first += perTransaction)
        {
            var drafts = new List<ArticleDraft>(perTransaction);
            for (var n = first; n < Math.Min(articles, first + perTransaction); n++)
            {
                var doc = corpus[n % corpus.Count];
                // fullText never, as the search-load service's feeds.json says: with the default (auto) every short
                // item would queue its page, and that service's page worker would fail them all during the load.
                var feed = new FeedDefinition { Id = $"bench-{n % Feeds:000}", Url = new Uri("http://127.0.0.1/"), Interval = TimeSpan.FromHours(1), FullText = FullTextMode.Never };
                drafts.Add(ArticleFactory.Create(feed, "gu", new ParsedItem($"{doc.Id}-{n / corpus.Count}",
                    $"http://127.0.0.1/a/{n}", doc.Title, start.AddMinutes(n), null, null, null, doc.Body, null)));
            }
            await store.UpsertAsync(drafts, default);
        }
    }

    internal static async Task SingleThreadedApplyAsync(IArticleStore store, string path)
    {
        using var directory = FSDirectory.Open(path);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, ArticleIndex.CreateAnalyzer())
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 64,
        });
        long after = 0;
        while (true)
        {
            var changes = await store.ReadChangesAsync(after, 2000, default);
            if (changes.Count == 0) break;
            foreach (var change in changes)
                writer.UpdateDocument(new Term(ArticleFields.Id, change.ArticleId), ArticleDocument.Create(change.Article!));
            after = changes[^1].Sequence;
        }
        writer.Commit();
    }

    private static async Task ServiceRebuildAsync(IArticleStore store, string dataDirectory, IndexingOptions indexing)
    {
        var options = Microsoft.Extensions.Options.Options.Create(indexing);
        var storage = Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = dataDirectory });
        using var index = new ArticleIndex(storage, NullLogger<ArticleIndex>.Instance, options);
        index.Open(forceRebuild: true);
        await new IndexSynchronizer(store, index, NullLogger<IndexSynchronizer>.Instance, options).CatchUpAsync(default);
        index.Commit();
    }
}
