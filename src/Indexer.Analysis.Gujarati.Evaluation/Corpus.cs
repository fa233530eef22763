using System.Text.Json;

namespace Indexer.Analysis.Gujarati.Evaluation;

internal sealed record CorpusDocument(string Id, string Text);

internal static class Corpus
{
    public const string RelativePath = "shared/corpus/gujarati-open/documents.jsonl";

    public static IReadOnlyList<CorpusDocument> Load(string path)
    {
        var documents = new List<CorpusDocument>();
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            string title = root.GetProperty("title").GetString() ?? "";
            string body = root.GetProperty("body").GetString() ?? "";
            documents.Add(new CorpusDocument(root.GetProperty("id").GetString()!, title + "\n" + body));
        }
        return documents;
    }

    /// <summary>
    /// The corpus lives in a <c>shared/</c> folder beside the repository (or above it), whichever folder the tool
    /// is started from, so both the working directory and the binary's folder are walked up.
    /// </summary>
    public static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
