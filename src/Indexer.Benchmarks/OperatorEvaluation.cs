using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Hosting;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indexer.Benchmarks;

/// <summary>
/// Chooses Search:DefaultOperator by measurement: the analyzer's evaluation query set (87 queries, 74 of them
/// with several words) runs through the service's own store, index and ArticleSearcher with each operator,
/// scored by MRR@10 and success@10, with the count of queries that found nothing and the mean result count.
/// </summary>
internal static class OperatorEvaluation
{
    private sealed record Query(string Category, string Text, HashSet<string> Relevant);

    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus)
    {
        var queries = LoadQueries();
        var folder = Directory.CreateTempSubdirectory("indexer-operators-");
        try
        {
            await using var storageServices = await BenchmarkStorage.OpenAsync(folder.FullName);
            var storage = storageServices.Options;
            var store = storageServices.Articles;
            var feed = new FeedDefinition { Id = "corpus", Url = new Uri("file:///corpus"), Interval = TimeSpan.FromHours(1) };
            await store.UpsertAsync(corpus.Select(d => ArticleFactory.Create(feed, "gu",
                new ParsedItem(d.Id, null, d.Title, null, null, null, null, d.Body, null))).ToList(), default);
            using var index = new ArticleIndex(storage, NullLogger<ArticleIndex>.Instance);
            index.Open();
            await new IndexSynchronizer(store, index, NullLogger<IndexSynchronizer>.Instance).CatchUpAsync(default);
            // Article ids are hashes; map them back to the corpus ids the query set names.
            var corpusIds = corpus.ToDictionary(d => ArticleFactory.ArticleId(feed.Id, "guid:" + d.Id), d => d.Id);

            Console.WriteLine($"default operator: {queries.Count} queries over {corpus.Count} documents through ArticleSearcher (MRR@10 / success@10; empty = queries with no result)");
            var categories = queries.Select(q => q.Category).Distinct().Order().Append("all").ToList();
            Console.WriteLine("| operator | " + string.Join(" | ", categories.Select(c => $"{c} ({(c == "all" ? queries.Count : queries.Count(q => q.Category == c))})")) + " | empty | mean total |");
            Console.WriteLine("|---|" + string.Concat(categories.Select(_ => "---|")) + "---|---|");
            foreach (var mode in Enum.GetValues<DefaultOperator>())
            {
                var searcher = new ArticleSearcher(index, Microsoft.Extensions.Options.Options.Create(new SearchOptions { DefaultOperator = mode }));
                var ranks = queries.Select(q => (q.Category, Rank: RankOfFirstRelevant(searcher, q, corpusIds))).ToList();
                var cells = categories.Select(c =>
                {
                    var mine = ranks.Where(r => c == "all" || r.Category == c).ToList();
                    return $"{mine.Average(r => r.Rank is { } k ? 1.0 / k : 0):0.00} / {mine.Average(r => r.Rank is not null ? 1.0 : 0):0.00}";
                });
                // How many articles a reader has to look through: fewer, with the same first hits, is better.
                var totals = queries.Select(q => searcher.Search(new SearchRequest { Query = q.Text }).Total).ToList();
                Console.WriteLine($"| {mode} | {string.Join(" | ", cells)} | {totals.Count(t => t == 0)} | {totals.Average():0.0} |");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int? RankOfFirstRelevant(ArticleSearcher searcher, Query query, Dictionary<string, string> corpusIds)
    {
        var hits = searcher.Search(new SearchRequest { Query = query.Text, Size = 10 }).Hits;
        for (var i = 0; i < hits.Count; i++)
        {
            if (query.Relevant.Contains(corpusIds[hits[i].Id])) return i + 1;
        }
        return null;
    }

    private static List<Query> LoadQueries()
    {
        var path = FindUp(Path.Combine("src", "Indexer.Analysis.Gujarati.Evaluation", "Data", "queries.tsv"))
            ?? throw new FileNotFoundException("the evaluation query set (src/Indexer.Analysis.Gujarati.Evaluation/Data/queries.tsv) was not found above the working directory");
        return File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new Query(f[0], f[1], f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet()))
            .ToList();
    }

    private static string? FindUp(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
