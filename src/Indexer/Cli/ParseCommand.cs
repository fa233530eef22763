using System.CommandLine;
using System.Text.Json;
using Indexer.Api;
using Indexer.Articles;
using Indexer.Configuration;
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
    private static readonly Argument<string> Target = new("file-or-url") { Description = "A feed file, or an http(s) URL to fetch as the service would." };

    private static readonly Option<string> FeedId = CreateFeedIdOption();

    public static Command Create(string[] settings)
    {
        var command = new Command("parse", "Print, as JSON, the articles the service would store for a feed, through its own fetch and parse code.") { Target, FeedId };
        command.SetAction(parsed => RunAsync(parsed.GetRequiredValue(Target), parsed.GetValue(FeedId), settings));
        return command;
    }

    private static Option<string> CreateFeedIdOption()
    {
        var option = new Option<string>("--feed")
        {
            Description = "The feed id the article ids are derived from (default: the id in feeds.json for that URL, else \"parse\").",
            HelpName = "id",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValue(option) is { } id && !FeedsFile.IsValidId(id))
                result.AddError($"--feed: \"{id}\" is not a feed id ({FeedsFile.IdRule})");
        });
        return option;
    }

    private static async Task<int> RunAsync(string target, string? feedId, string[] settings)
    {
        if (CommandInput.Resolve(target) is not { } url)
            return IndexerCommandLine.Fail("parse", $"\"{target}\" is neither an existing file nor an http(s) URL");

        await using var provider = CommandInput.Fetching(settings);
        var fetcher = provider.GetRequiredService<IFeedFetcher>();
        var parser = provider.GetRequiredService<IFeedParser>();

        var fetched = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        if (fetched.Status != FetchStatus.Fetched || fetched.Body is null)
            return IndexerCommandLine.Fail("parse", fetched.Error ?? $"nothing to parse ({fetched.Status})");
        ParsedFeed parsed;
        try
        {
            parsed = parser.Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType);
        }
        catch (FeedFormatException e)
        {
            return IndexerCommandLine.Fail("parse", e.Message);
        }

        // Read all the same, as the service stores it, but the publisher sends something broken (cut off, not
        // well-formed): checking a feed before adding it is when to hear of it. The service shows it as lastWarning.
        foreach (var warning in parsed.Warnings)
            Console.Error.WriteLine($"parse: warning: {warning}");

        var feed = ConfiguredFeed(settings, url) ?? new FeedDefinition { Id = "parse", Url = url, Interval = TimeSpan.FromMinutes(15) };
        if (feedId is not null) feed = feed with { Id = feedId };
        var articles = ArticleFactory.Create(feed, parsed).Select(ArticleView.From);
        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, articles, JsonDefaults.Create(indented: true));
        await stdout.WriteAsync("\n"u8.ToArray());
        return 0;
    }

    private static FeedDefinition? ConfiguredFeed(string[] settings, Uri url)
    {
        try
        {
            return FeedsFile.Load(CommandConfiguration.Location(settings).Directory)
                .FirstOrDefault(f => f.Url.AbsoluteUri == url.AbsoluteUri);
        }
        catch (ConfigException)
        {
            // Checking a feed must work without (or with a broken) service config.
            return null;
        }
    }
}
