using Indexer.Configuration;
using Indexer.Search;

namespace Indexer.Benchmarks;

/// <summary>
/// Chooses Search:DefaultOperator by measurement: the analyzer's evaluation query set (87 queries, 74 of them
/// with several words) runs through the service's own store, index and ArticleSearcher with each operator,
/// scored by MRR@10 and success@10, with the count of queries that found nothing and the mean result count.
/// </summary>
internal static class OperatorEvaluation
{
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus)
    {
        var queries = EvaluationQuery.Load("queries.tsv");
        using var index = await CorpusIndex.BuildAsync(corpus);

        Console.WriteLine($"default operator: {queries.Count} queries over {corpus.Count} documents through ArticleSearcher (MRR@10 / success@10; empty = queries with no result)");
        var categories = queries.Select(q => q.Category).Distinct().Order().Append("all").ToList();
        Console.WriteLine("| operator | " + string.Join(" | ", categories.Select(c => $"{c} ({(c == "all" ? queries.Count : queries.Count(q => q.Category == c))})")) + " | empty | mean total |");
        Console.WriteLine("|---|" + string.Concat(categories.Select(_ => "---|")) + "---|---|");
        foreach (var mode in Enum.GetValues<DefaultOperator>())
        {
            var searcher = index.Searcher(new SearchOptions { DefaultOperator = mode });
            var ranks = queries.Select(q => (q.Category, Rank: index.RankOfFirstRelevant(searcher, q))).ToList();
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
}
