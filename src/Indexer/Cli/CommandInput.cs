using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// The fetcher, parser and page reader with the settings the service would have, checked at once as the
    /// service checks them at start: a mistyped Fetching setting is refused even by a command that reads a file.
    /// </summary>
    /// <exception cref="OptionsValidationException">A Fetching setting is out of range.</exception>
    /// <exception cref="InvalidOperationException">A Fetching setting is not of its type (Fetching:Timeout=abc).</exception>
    public static ServiceProvider Fetching(string[] settings)
    {
        var provider = new ServiceCollection().AddLogging()
            .AddFeedFetching(CommandConfiguration.Build(settings).GetSection(FetchingOptions.SectionName))
            .BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<FetchingOptions>>().Value;
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
