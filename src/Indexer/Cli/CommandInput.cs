using Indexer.Feeds;
using Indexer.Feeds.Fetching;

namespace Indexer.Cli;

/// <summary>
/// What commands read: a file or an http(s) URL, fetched by the service's own fetcher, so that a command obeys the
/// same limits (size, time, private-address guard under Fetching:AllowPrivateNetworks) as the running service.
/// </summary>
public static class CommandInput
{
    /// <summary>An existing file (as a file URL) or an absolute http(s) or file URL; null for anything else.</summary>
    public static Uri? Resolve(string target)
    {
        if (File.Exists(target)) return new Uri(Path.GetFullPath(target));
        return Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "file" ? url : null;
    }

    /// <summary>The fetcher and parser with the settings the service would have.</summary>
    public static ServiceProvider Fetching(string[] settings) =>
        new ServiceCollection().AddLogging().AddFeedFetching(CommandConfiguration.Build(settings).GetSection(FetchingOptions.SectionName)).BuildServiceProvider();
}
