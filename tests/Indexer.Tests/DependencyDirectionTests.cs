using System.Text.RegularExpressions;

namespace Indexer.Tests;

/// <summary>
/// The data flow runs one way: fetch → parse → store → index → query, with the edges (scheduling, HTTP, command
/// line, hosting) outside it. These rules keep it so as the code grows, for every folder of src/Indexer: no two
/// folders depend on each other, even through others, and no stage reaches forward or into the edges.
/// (Indexer.Feeds and the analyzer are separate projects, so the compiler already guards those two.)
/// A folder is its namespace; a subfolder (Storage/Sqlite) is a folder of its own that sees its parent's types.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private const string Providers = "Storage.Sqlite Storage.Postgres";
    private const string Edges = "Api Cli Hosting Scheduling";

    /// <summary>What each folder must not use. A new folder needs a line here (see the test below).</summary>
    public static readonly TheoryData<string, string> Rules = new()
    {
        { "Configuration", $"Articles Storage Indexing Search Pipeline Metrics Pages Retention Alerts Feeds {Edges}" },
        { "Articles", $"Storage Indexing Search Pipeline Metrics Pages Feeds.Pages Retention Alerts Feeds.Fetching {Edges}" },
        { "Storage", $"Indexing Search Pipeline Metrics Pages Retention Alerts Feeds {Providers} {Edges}" },
        { "Storage.Sqlite", $"Indexing Search Pipeline Metrics Pages Retention Alerts Feeds Storage.Postgres {Edges}" },
        { "Storage.Postgres", $"Indexing Search Pipeline Metrics Pages Retention Alerts Feeds Storage.Sqlite {Edges}" },
        { "Indexing", $"Search Pipeline Metrics Pages Retention Alerts Feeds {Providers} {Edges}" },
        { "Search", $"Storage Pipeline Metrics Pages Retention Alerts Feeds {Edges}" },
        { "Pipeline", $"Indexing Search Pages Feeds.Pages Retention Alerts {Providers} {Edges}" },
        // The page worker follows the store's queue, never the fetcher (Pipeline), and reaches no further down the flow.
        { "Pages", $"Indexing Search Pipeline Retention Alerts Feeds.Fetching Feeds.Parsing {Providers} {Edges}" },
        { "Metrics", $"Search Pipeline Pages Retention Alerts Feeds {Providers} {Edges}" },
        { "Retention", $"Indexing Search Pipeline Metrics Alerts Feeds {Providers} {Edges} Pages" },
        // Saved searches follow the store's change log like the index: never the fetcher or the fetch pipeline.
        { "Alerts", $"Pipeline Pages Retention Scheduling Feeds {Providers} {Edges}" },
        { "Scheduling", $"Indexing Search Pages Retention Alerts {Providers} Api Cli Hosting" },
        { "Api", $"{Providers} Cli Hosting" },
        { "Cli", Providers },
        { "Hosting", "Cli" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_folder_does_not_reach_forward_or_into_the_edges(string folder, string forbidden)
    {
        var offending = Uses().Where(u => u.From == folder)
            .Where(u => forbidden.Split(' ').Any(f => u.Used == f || u.Used.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(u => $"{u.File} uses Indexer.{u.Used}")
            .Distinct()
            .ToList();
        Assert.True(offending.Count == 0, string.Join("; ", offending));
    }

    [Fact]
    public void Every_folder_has_rules()
    {
        var ruled = Rules.Select(r => (string)r[0]).ToHashSet();
        Assert.Equal(Folders().Order(), ruled.Order());
    }

    [Fact]
    public void No_folders_depend_on_each_other_even_through_others()
    {
        var folders = Folders();
        var edges = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var use in Uses())
        {
            var target = folders.Where(f => use.Used == f || use.Used.StartsWith(f + ".", StringComparison.Ordinal)).MaxBy(f => f.Length);
            if (target is not null && target != use.From) edges[use.From].Add(target);
        }
        // A subfolder sees its parent namespace's types without a using.
        foreach (var folder in folders)
            if (folder.LastIndexOf('.') is var dot and > 0 && edges.ContainsKey(folder[..dot])) edges[folder].Add(folder[..dot]);

        var cycles = new List<string>();
        var state = folders.ToDictionary(f => f, _ => 0); // 0 unseen, 1 on the path, 2 done
        var path = new List<string>();
        void Visit(string folder)
        {
            state[folder] = 1;
            path.Add(folder);
            foreach (var next in edges[folder].Order())
            {
                if (state[next] == 1) cycles.Add(string.Join(" → ", path[path.IndexOf(next)..].Append(next)));
                else if (state[next] == 0) Visit(next);
            }
            path.RemoveAt(path.Count - 1);
            state[folder] = 2;
        }
        foreach (var folder in folders.Order()) if (state[folder] == 0) Visit(folder);
        Assert.True(cycles.Count == 0, "folder cycles: " + string.Join("; ", cycles));
    }

    [Fact]
    public void Every_file_is_in_the_namespace_of_its_folder()
    {
        // The rules above read namespaces; a file whose namespace is not its folder would slip past them.
        var wrong = SourceFiles()
            .Where(f => f.Folder != "")
            .Where(f => FileNamespace().Match(File.ReadAllText(f.Path)) is var m && (!m.Success || m.Groups[1].Value != "Indexer." + f.Folder))
            .Select(f => f.Path)
            .ToList();
        Assert.Empty(wrong);
    }

    private static string SourceRoot => Path.Combine(Support.RepositoryRoot.Path, "src", "Indexer");

    private static List<(string Path, string Folder)> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Select(p => (Path: p, Folder: Path.GetRelativePath(SourceRoot, Path.GetDirectoryName(p)!)))
            .Where(f => f.Folder.Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
            .Select(f => (f.Path, Folder: f.Folder == "." ? "" : f.Folder.Replace(Path.DirectorySeparatorChar, '.')))
            .ToList();

    private static HashSet<string> Folders() => SourceFiles().Select(f => f.Folder).Where(f => f != "").ToHashSet();

    private static IEnumerable<(string From, string Used, string File)> Uses() =>
        SourceFiles().Where(f => f.Folder != "").SelectMany(f => NamespaceUse().Matches(File.ReadAllText(f.Path))
            .Select(m => (f.Folder, m.Groups[1].Value, Path.GetFileName(f.Path))));

    [GeneratedRegex(@"\bIndexer\.([A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)*)")]
    private static partial Regex NamespaceUse();

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();
}
