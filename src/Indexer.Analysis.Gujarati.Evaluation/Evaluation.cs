namespace Indexer.Analysis.Gujarati.Evaluation;

internal sealed record Score(double Mrr, double Success, int Queries);

internal static class Evaluation
{
    public const int Cutoff = 10;

    /// <summary>MRR@10 and success@10 per category, plus "all", for one system.</summary>
    public static Dictionary<string, Score> Run(IRetrievalSystem system, IReadOnlyList<EvalQuery> queries, TextWriter? misses = null)
    {
        var reciprocalRanks = queries.Select(q =>
        {
            var hits = system.Search(q.Text, Cutoff);
            int rank = hits.Select((id, i) => (id, i)).FirstOrDefault(h => q.Relevant.Contains(h.id), (id: "", i: -1)).i;
            if (rank < 0)
            {
                misses?.WriteLine($"  miss [{system.Name}] {q.Category}: {q.Text}");
            }
            return (q.Category, Rr: rank < 0 ? 0.0 : 1.0 / (rank + 1));
        }).ToList();

        var scores = reciprocalRanks
            .GroupBy(r => r.Category)
            .ToDictionary(g => g.Key, g => Summarise(g.Select(r => r.Rr)));
        scores["all"] = Summarise(reciprocalRanks.Select(r => r.Rr));
        return scores;
    }

    private static Score Summarise(IEnumerable<double> reciprocalRanks)
    {
        var list = reciprocalRanks.ToList();
        return new Score(list.Average(), list.Count(r => r > 0) / (double)list.Count, list.Count);
    }

    /// <summary>A markdown table: one row per category, MRR@10 / success@10 per system.</summary>
    public static void Print(TextWriter output, IReadOnlyList<(string Name, Dictionary<string, Score> Scores)> results)
    {
        var categories = results[0].Scores.Keys.Where(k => k != "all").Order().Append("all").ToList();
        output.WriteLine("| category (queries) | " + string.Join(" | ", results.Select(r => r.Name)) + " |");
        output.WriteLine("|---|" + string.Concat(results.Select(_ => "---|")));
        foreach (string category in categories)
        {
            int count = results[0].Scores[category].Queries;
            output.WriteLine($"| {category} ({count}) | " +
                string.Join(" | ", results.Select(r => $"{r.Scores[category].Mrr:0.00} / {r.Scores[category].Success:0.00}")) + " |");
        }
        output.WriteLine();
        output.WriteLine("Cells are MRR@10 / success@10.");
    }

    /// <summary>A markdown table: one row per system, MRR@10 / success@10 per category.</summary>
    public static void PrintByRow(TextWriter output, IReadOnlyList<(string Name, Dictionary<string, Score> Scores)> results)
    {
        var categories = results[0].Scores.Keys.Where(k => k != "all").Order().Append("all").ToList();
        output.WriteLine("| system | " + string.Join(" | ", categories.Select(c => $"{c} ({results[0].Scores[c].Queries})")) + " |");
        output.WriteLine("|---|" + string.Concat(categories.Select(_ => "---|")));
        foreach (var (name, scores) in results)
        {
            output.WriteLine($"| {name} | " + string.Join(" | ", categories.Select(c => $"{scores[c].Mrr:0.00} / {scores[c].Success:0.00}")) + " |");
        }
        output.WriteLine();
        output.WriteLine("Cells are MRR@10 / success@10.");
    }
}
