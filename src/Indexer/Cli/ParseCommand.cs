using System.Text.Json;
using Indexer.Api;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;

namespace Indexer.Cli;

/// <summary>
/// <c>parse &lt;file-or-url&gt; [--feed id]</c>: prints the articles a feed would give, through the same fetch and
/// parse code as the service, so an operator can check a feed before adding it. Article ids depend on the feed
/// id: a URL already in feeds.json gets that feed's id (so the ids are the ones the service stores), else
/// "parse" unless --feed names one.
/// </summary>
public static class ParseCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var positional = CommandConfiguration.Positional(args);
        if (positional.Count != 1)
            return Commands.Fail("parse", "usage: parse <file-or-url> [--feed <id>]");
        var target = positional[0];
        Uri url;
        if (File.Exists(target))
            url = new Uri(Path.GetFullPath(target));
        else if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "file")
            url = absolute;
        else
            return Commands.Fail("parse", $"\"{target}\" is neither an existing file nor an http(s) URL");

        var configuration = CommandConfiguration.Build(args);
        var services = new ServiceCollection().AddLogging().AddFeedFetching(configuration.GetSection("Fetching"));
        await using var provider = services.BuildServiceProvider();
        var fetcher = provider.GetRequiredService<IFeedFetcher>();
        var parser = provider.GetRequiredService<IFeedParser>();

        var fetched = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        if (fetched.Status != FetchStatus.Fetched || fetched.Body is null)
            return Commands.Fail("parse", fetched.Error ?? $"nothing to parse ({fetched.Status})");
        ParsedFeed parsed;
        try
        {
            parsed = parser.Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType);
        }
        catch (FeedFormatException e)
        {
            return Commands.Fail("parse", e.Message);
        }

        var feed = ConfiguredFeed(args, url) ?? new FeedDefinition { Id = "parse", Url = url, Interval = TimeSpan.FromMinutes(15) };
        if (configuration["feed"] is { } id) feed = feed with { Id = id };
        var articles = ArticleFactory.Create(feed, parsed).Select(ArticleView.From);
        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, articles, JsonDefaults.Create(indented: true));
        await stdout.WriteAsync("\n"u8.ToArray());
        return 0;
    }

    private static FeedDefinition? ConfiguredFeed(string[] args, Uri url)
    {
        try
        {
            return FeedsFile.Load(CommandConfiguration.Location(args).Directory)
                .FirstOrDefault(f => f.Url.AbsoluteUri == url.AbsoluteUri);
        }
        catch (ConfigException)
        {
            // Checking a feed must work without (or with a broken) service config.
            return null;
        }
    }
}
