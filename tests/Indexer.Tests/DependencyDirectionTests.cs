using System.Text.RegularExpressions;

namespace Indexer.Tests;

/// <summary>
/// The data flow runs one way: fetch → parse → store → index → query. These rules keep it so as the code grows
/// (Indexer.Feeds and the analyzer are separate projects, so the compiler already guards those two).
/// </summary>
public sealed partial class DependencyDirectionTests
{
    [Theory]
    [InlineData("Storage", "Indexing Search Api Pipeline Scheduling Hosting Metrics Feeds.Fetching")]
    [InlineData("Indexing", "Search Api Pipeline Scheduling Hosting Feeds")]
    [InlineData("Search", "Storage Api Pipeline Scheduling Hosting Feeds")]
    [InlineData("Pipeline", "Indexing Search Api Scheduling Hosting")]
    [InlineData("Articles", "Storage Indexing Search Api Pipeline Scheduling Hosting")]
    [InlineData("Configuration", "Storage Indexing Search Api Pipeline Scheduling Hosting Feeds")]
    public void A_stage_does_not_reach_forward_or_into_the_edges(string folder, string forbidden)
    {
        var root = Support.RepositoryRoot.Path;
        var offending = Directory.EnumerateFiles(Path.Combine(root, "src", "Indexer", folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => NamespaceUse().Matches(File.ReadAllText(file))
                .Select(m => m.Groups[1].Value)
                .Where(used => forbidden.Split(' ').Any(f => used == f || used.StartsWith(f + ".", StringComparison.Ordinal)))
                .Select(used => $"{Path.GetFileName(file)} uses Indexer.{used}"))
            .Distinct()
            .ToList();
        Assert.True(offending.Count == 0, string.Join("; ", offending));
    }

    [GeneratedRegex(@"\bIndexer\.([A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)?)")]
    private static partial Regex NamespaceUse();
}
