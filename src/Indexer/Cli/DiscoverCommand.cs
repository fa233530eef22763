using System.CommandLine;
using System.Text.Json;
using Indexer.Api;
using Indexer.Feeds.Discovery;

namespace Indexer.Cli;

/// <summary>
/// <c>discover &lt;site-url&gt;</c>: prints, as JSON, the feeds a site declares (or, when it declares none, answers at
/// the usual paths), each checked by fetching and parsing it with the service's own code and rules.
/// </summary>
public static class DiscoverCommand
{
    private static readonly Argument<string> Site = new("site-url") { Description = "The site's home page (or any page of it), http or https." };

    public static Command Create(string[] settings)
    {
        var command = new Command("discover", "Find a site's feeds from its home page and print them as JSON, each checked by fetching it.") { Site };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetRequiredValue(Site), settings, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string site, string[] settings, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(site, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return IndexerCommandLine.Fail("discover", $"\"{site}\" is not an http(s) URL");
        await using var provider = CommandInput.Fetching(settings);
        DiscoveryResult result;
        try
        {
            result = await provider.GetRequiredService<FeedDiscoverer>().DiscoverAsync(url, cancellationToken);
        }
        catch (DiscoveryException e)
        {
            return IndexerCommandLine.Fail("discover", e.Message);
        }
        // What was declared but does not read is the site's problem worth knowing; the usual paths are only guesses.
        foreach (var miss in result.Misses.Where(m => m.Source == DiscoverySource.Declared))
            Console.Error.WriteLine($"discover: {miss.Url} is declared but is not a readable feed: {miss.Reason}");
        if (result.Feeds.Count == 0)
        {
            return IndexerCommandLine.Fail("discover", result.Misses.Any(m => m.Source == DiscoverySource.Declared)
                ? $"no readable feed at {url}"
                : $"no feed at {url}: the page declares none (<link rel=\"alternate\">) and none answers at {string.Join(", ", FeedDiscoverer.UsualPaths)}");
        }
        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, result.Feeds, JsonDefaults.Create(indented: true), cancellationToken);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        return 0;
    }
}
