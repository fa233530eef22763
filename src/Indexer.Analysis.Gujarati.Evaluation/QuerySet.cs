namespace Indexer.Analysis.Gujarati.Evaluation;

internal sealed record EvalQuery(string Category, string Text, IReadOnlySet<string> Relevant);

internal static class QuerySet
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Data", "queries.tsv");

    public static IReadOnlyList<EvalQuery> Load(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new EvalQuery(f[0], f[1], f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet()))
            .ToList();
}
