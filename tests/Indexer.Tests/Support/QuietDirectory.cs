namespace Indexer.Tests.Support;

/// <summary>
/// A folder of the test run's own, outside the trees tests write to, for the programs and service processes they
/// start to run in. ASP.NET Core takes the working
/// directory as its content root and watches it recursively for appsettings edits: started in /tmp, where every
/// test's stores and indexes are written, each process first put a watch on thousands of folders (seconds to its
/// first answer, and a second of CPU beside the tests) and then woke for every file written under it.
/// </summary>
public static class QuietDirectory
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("indexer-tests-cwd-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    });

    public static string Path => Folder.Value;
}
