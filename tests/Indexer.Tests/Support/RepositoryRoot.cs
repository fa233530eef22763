namespace Indexer.Tests.Support;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds Indexer.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Indexer.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Indexer.sln above {AppContext.BaseDirectory}");
    }
}
