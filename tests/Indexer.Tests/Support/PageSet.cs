namespace Indexer.Tests.Support;

/// <summary>
/// The page set built like Gujarati news sites (tests/Indexer.Feeds.Tests/TestData/pages): NAME.html and the
/// story it holds, NAME.story.txt, one paragraph a line.
/// </summary>
public static class PageSet
{
    public static string Folder { get; } = System.IO.Path.Combine(RepositoryRoot.Path, "tests", "Indexer.Feeds.Tests", "TestData", "pages");

    public static string PathOf(string name) => System.IO.Path.Combine(Folder, name + ".html");

    public static byte[] Html(string name) => File.ReadAllBytes(PathOf(name));

    public static string[] Story(string name) =>
        File.ReadAllLines(System.IO.Path.Combine(Folder, name + ".story.txt")).Where(l => l.Length > 0).ToArray();
}
