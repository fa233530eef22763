namespace Indexer.Feeds.Tests;

/// <summary>Reads the feed files under TestData/feeds, copied next to the test assembly.</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "feeds", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));
}
