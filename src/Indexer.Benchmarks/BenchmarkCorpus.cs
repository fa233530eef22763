using System.Text.Json;

namespace Indexer.Benchmarks;

/// <summary>The shared Gujarati corpus (CC BY-SA 4.0), found in a shared/ folder beside or above the repo.</summary>
internal sealed record CorpusDocument(string Id, string Title, string Body);

internal static class BenchmarkCorpus
{
    private const string RelativePath = "shared/corpus/gujarati-open/documents.jsonl";

    public static IReadOnlyList<CorpusDocument> Load(string? path)
    {
        path ??= Find() ?? throw new FileNotFoundException($"{RelativePath} not found above {Directory.GetCurrentDirectory()}; pass --corpus");
        return File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new CorpusDocument(root.GetProperty("id").GetString()!, root.GetProperty("title").GetString()!, root.GetProperty("body").GetString()!);
        }).ToList();
    }

    private static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
