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
/// The engine in this process, no HTTP (issue 11). Rebuild speed: a store of N articles (the corpus repeated, each copy its own guid) indexed from
/// scratch twice in one run: first the single-threaded way (plain Lucene.Net: one IndexWriter, the store read in
/// order, UpdateDocument per change, one commit), then the service's rebuild (ArticleIndex + IndexSynchronizer:
/// newest first, analysis on every core, refreshes and commits on their cadence). Then search speed on that index
/// (<see cref="SearchBenchmark"/>).
/// </summary>
internal static class EngineBenchmark
{
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, int articles, int threads, TimeSpan duration)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("indexer-rebuild-");
        try
        {
            await using var storageServices = await BenchmarkStorage.OpenAsync(folder.FullName);
            var storage = storageServices.Options;
            var store = storageServices.Articles;
            var filling = Stopwatch.StartNew();
            await FillAsync(store, corpus, articles);
            Console.WriteLine($"store: {articles} articles written in {filling.Elapsed.TotalSeconds:F1} s " +
                              $"({articles / filling.Elapsed.TotalSeconds:F0} articles/s), {new FileInfo(storage.Value.DatabasePath).Length / 1048576.0:F0} MiB");

            var single = await SingleThreadedApplyAsync(store, Path.Combine(folder.FullName, "plain-index"));
            Report("baseline  single-threaded apply (plain Lucene.Net)", articles, single, Path.Combine(folder.FullName, "plain-index"));

            using var index = new ArticleIndex(storage, NullLogger<ArticleIndex>.Instance);
            var rebuild = await ServiceRebuildAsync(store, index);
            Report($"service   rebuild, {Environment.ProcessorCount} analysis threads", articles, rebuild, storage.Value.IndexPath);
            Console.WriteLine($"rebuild is {single.TotalSeconds / rebuild.TotalSeconds:F2}× the single-threaded apply rate");

            SearchBenchmark.Run(index, QueryMix.Create(corpus, Feeds), threads, duration);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private const int Feeds = 100;

    private static void Report(string what, int articles, TimeSpan took, string indexPath)
    {
        var bytes = new DirectoryInfo(indexPath).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine($"{what,-52} {articles,8} articles in {took.TotalSeconds,6:F1} s = {articles / took.TotalSeconds,7:F0} articles/s; index {bytes / 1048576.0:F0} MiB");
    }

    private static async Task FillAsync(IArticleStore store, IReadOnlyList<CorpusDocument> corpus, int articles)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        const int perTransaction = 2000;
        for (var first = 0; first < articles; first += perTransaction)
        {
            var drafts = new List<ArticleDraft>(perTransaction);
            for (var n = first; n < Math.Min(articles, first + perTransaction); n++)
            {
                var doc = corpus[n % corpus.Count];
                var feed = new FeedDefinition { Id = $"bench-{n % Feeds:000}", Url = new Uri("http://127.0.0.1/"), Interval = TimeSpan.FromHours(1) };
                drafts.Add(ArticleFactory.Create(feed, "gu", new ParsedItem($"{doc.Id}-{n / corpus.Count}",
                    $"http://127.0.0.1/a/{n}", doc.Title, start.AddMinutes(n), null, null, null, doc.Body, null)));
            }
            await store.UpsertAsync(drafts, default);
        }
    }

    private static async Task<TimeSpan> SingleThreadedApplyAsync(IArticleStore store, string path)
    {
        var stopwatch = Stopwatch.StartNew();
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
        return stopwatch.Elapsed;
    }

    private static async Task<TimeSpan> ServiceRebuildAsync(IArticleStore store, ArticleIndex index)
    {
        var stopwatch = Stopwatch.StartNew();
        index.Open(forceRebuild: true);
        await new IndexSynchronizer(store, index, NullLogger<IndexSynchronizer>.Instance).CatchUpAsync(default);
        index.Commit();
        return stopwatch.Elapsed;
    }
}
