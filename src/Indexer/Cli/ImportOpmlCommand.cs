using System.CommandLine;
using Indexer.Configuration;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Opml;

namespace Indexer.Cli;

/// <summary>
/// <c>import-opml &lt;file-or-url&gt; [--dry-run]</c>: adds the feeds of a feed reader's OPML export to the config
/// folder's feeds.json (ids from titles, "auto" polling, categories kept, feeds already there by URL left alone).
/// The file is replaced in one step, so a running service reloads one clean edit.
/// </summary>
public static class ImportOpmlCommand
{
    private static readonly Argument<string> Source = new("file-or-url") { Description = "The OPML file, or its http(s) URL." };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the resulting feeds.json instead of writing it." };

    public static Command Create(string[] settings)
    {
        var command = new Command("import-opml", "Add the feeds of an OPML subscription list (Miniflux, FreshRSS, Feedly, Inoreader...) to feeds.json.")
        {
            Source, DryRun,
        };
        command.SetAction(parsed => RunAsync(parsed.GetRequiredValue(Source), parsed.GetValue(DryRun), settings));
        return command;
    }

    private static async Task<int> RunAsync(string source, bool dryRun, string[] settings)
    {
        if (CommandInput.Resolve(source) is not { } url)
            return IndexerCommandLine.Fail("import-opml", $"\"{source}\" is neither an existing file nor an http(s) URL");
        await using var provider = CommandInput.Fetching(settings);
        var fetched = await provider.GetRequiredService<IFeedFetcher>().FetchAsync(new FetchRequest(url), CancellationToken.None);
        if (fetched.Status != FetchStatus.Fetched || fetched.Body is null)
            return IndexerCommandLine.Fail("import-opml", fetched.Error ?? $"nothing to read ({fetched.Status})");

        OpmlSubscriptions subscriptions;
        try
        {
            subscriptions = OpmlDocument.Read(fetched.Body, fetched.FinalUrl);
        }
        catch (FormatException e)
        {
            return IndexerCommandLine.Fail("import-opml", $"{url}: {e.Message}");
        }

        var location = CommandConfiguration.Location(settings);
        FeedsFileImport.Result result;
        try
        {
            var existing = File.Exists(location.FeedsPath) ? await File.ReadAllTextAsync(location.FeedsPath) : null;
            result = FeedsFileImport.Add(existing, location.FeedsPath, location.Directory,
                subscriptions.Feeds.Select(s => new ImportedFeed(s.Title, s.XmlUrl, s.Category)));
        }
        catch (ConfigException e)
        {
            return IndexerCommandLine.Fail("import-opml", e.Message);
        }

        foreach (var outline in subscriptions.Skipped)
            Console.Error.WriteLine($"import-opml: skipped \"{outline.Title}\": {outline.Reason}");
        var skipped = subscriptions.Skipped.Count == 0 ? "" : $", {subscriptions.Skipped.Count} skipped";
        if (dryRun)
        {
            Console.Write(result.Json);
            Console.Error.WriteLine($"{result.Added.Count} would be added, {result.AlreadyPresent.Count} already in {location.FeedsPath}{skipped}; nothing written (--dry-run)");
            return 0;
        }
        if (result.Added.Count > 0)
        {
            Directory.CreateDirectory(location.Directory);
            FeedsFileImport.WriteAtomically(location.FeedsPath, result.Json);
        }
        foreach (var feed in result.Added)
            Console.WriteLine($"added {feed.Id}: {feed.Url.AbsoluteUri}{(feed.Category is null ? "" : $" ({feed.Category})")}");
        Console.WriteLine($"{result.Added.Count} added, {result.AlreadyPresent.Count} already in {location.FeedsPath}{skipped}");
        return 0;
    }
}
