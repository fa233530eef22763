using System.Text.Json;

namespace Indexer.Feeds.Tests.Pages;

/// <summary>
/// The page set (TestData/pages): pages built like Gujarati news sites, each with its story beside it
/// (name.story.txt) and the metadata the page declares (expected-metadata.json). Story text: see NOTICE.md there.
/// </summary>
public sealed record PageFixture(string Name, Uri Url, byte[] Bytes, string[] Story, string? Title, string? Author,
    DateTimeOffset? Published, string? ImageUrl, string? CanonicalUrl)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "pages");

    public static IReadOnlyList<PageFixture> All { get; } = Load();

    public static PageFixture Named(string name) => All.Single(p => p.Name == name);

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var page in All) names.Add(page.Name);
        return names;
    }

    private static List<PageFixture> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected-metadata.json")));
        string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
        return json.RootElement.EnumerateObject().Select(p => new PageFixture(
            p.Name,
            new Uri(Text(p.Value, "url")!),
            File.ReadAllBytes(Path.Combine(Folder, p.Name + ".html")),
            File.ReadAllLines(Path.Combine(Folder, p.Name + ".story.txt")).Where(l => l.Length > 0).ToArray(),
            Text(p.Value, "title"),
            Text(p.Value, "author"),
            Text(p.Value, "published") is { } date ? DateTimeOffset.Parse(date) : null,
            Text(p.Value, "imageUrl"),
            Text(p.Value, "canonicalUrl"))).ToList();
    }
}
