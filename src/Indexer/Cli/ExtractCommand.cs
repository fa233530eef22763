using System.CommandLine;
using System.Text.Json;
using Indexer.Api;
using Indexer.Feeds;
using Indexer.Feeds.Pages;

namespace Indexer.Cli;

/// <summary>
/// <c>extract &lt;file-or-url&gt; [--url URL]</c>: prints the story the service would store for a page, through
/// its own page fetch (robots.txt, private-address guard, limits) and extraction, as one JSON object.
/// </summary>
public static class ExtractCommand
{
    private static readonly Argument<string> Target = new("file-or-url") { Description = "A saved HTML page, or an http(s) URL to fetch as the service would." };

    private static readonly Option<Uri> PageUrl = new("--url")
    {
        Description = "The page's address when reading a file: resolves its relative links (image, canonical).",
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
            result.AddError($"--url: \"{text}\" is not an absolute http(s) URL");
            return null;
        },
    };

    /// <summary>What the command prints: the fields the issue names, in this order.</summary>
    public sealed record ExtractView(string? Title, string? Author, DateTimeOffset? Published, string? ImageUrl, string? CanonicalUrl, string Text);

    public static Command Create(string[] settings)
    {
        var command = new Command("extract", "Print, as JSON, the story the service would take from a news page: title, author, published, imageUrl, canonicalUrl, text.") { Target, PageUrl };
        command.SetAction(parsed => RunAsync(parsed.GetRequiredValue(Target), parsed.GetValue(PageUrl), settings));
        return command;
    }

    private static async Task<int> RunAsync(string target, Uri? pageUrl, string[] settings)
    {
        await using var provider = CommandInput.Fetching(settings);

        ExtractedPage page;
        if (File.Exists(target))
        {
            var html = PageTextDecoder.Decode(await File.ReadAllBytesAsync(target), null);
            try
            {
                page = provider.GetRequiredService<ArticleExtractor>().Extract(html, pageUrl ?? new Uri(Path.GetFullPath(target)));
            }
            catch (PageExtractionException e)
            {
                return IndexerCommandLine.Fail("extract", e.Message);
            }
        }
        else if (Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var reading = await provider.GetRequiredService<PageReader>().ReadAsync(url, CancellationToken.None);
            if (reading.Page is null)
                return IndexerCommandLine.Fail("extract", reading.Error ?? reading.Outcome.ToString());
            page = reading.Page;
        }
        else
        {
            return IndexerCommandLine.Fail("extract", $"\"{target}\" is neither an existing file nor an http(s) URL");
        }

        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout,
            new ExtractView(page.Title, page.Author, page.Published, page.ImageUrl, page.CanonicalUrl, page.Text), JsonDefaults.Create(indented: true));
        await stdout.WriteAsync("\n"u8.ToArray());
        return 0;
    }
}
