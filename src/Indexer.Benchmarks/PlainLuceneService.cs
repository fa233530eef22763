using System.Diagnostics;
using Indexer.Articles;
using Indexer.Api;
using Indexer.Configuration;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;
using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Indexer.Benchmarks;

/// <summary>
/// The baseline of the HTTP benchmark (issue 11): what a developer builds first with plain Lucene.Net for the same
/// job, run as its own process so its memory is its own. <c>plain-ingest</c> fetches and parses the feeds with the
/// service's own code (as many at once as the service), adds each article to one IndexWriter from the fetching
/// task (IndexWriter is thread-safe, so analysis runs wherever the fetch ran), commits once and opens a reader: no
/// durable store, no change log, nothing searchable before the end. <c>plain-serve</c> answers <c>/search</c> over
/// such an index with <see cref="PlainLuceneSearch"/> (the classic highlighter), the same request parsing and the
/// same JSON serializer as the service.
/// </summary>
internal static class PlainLuceneService
{
    /// <summary>Prints "articles seconds peak-MiB CPU-seconds" on the last line of stdout.</summary>
    public static async Task IngestAsync(string baseUrl, int feeds, string indexPath, int concurrency)
    {
        await using var provider = FeedFarm.FetchingServices();
        var fetcher = provider.GetRequiredService<IFeedFetcher>();
        var parser = provider.GetRequiredService<IFeedParser>();
        var stopwatch = Stopwatch.StartNew();
        using var directory = FSDirectory.Open(indexPath);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, ArticleIndex.CreateAnalyzer())
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 64,
        });
        var articles = 0;
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, feeds).Select(n => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                var feed = new FeedDefinition { Id = $"bench-{n:000}", Url = new Uri($"{baseUrl}/feed/{n}.xml"), Interval = TimeSpan.FromHours(1) };
                var fetched = await fetcher.FetchAsync(new FetchRequest(feed.Url), CancellationToken.None);
                var now = DateTimeOffset.UtcNow;
                foreach (var item in parser.Parse(fetched.Body!, fetched.FinalUrl, fetched.ContentType).Items)
                {
                    var draft = ArticleFactory.Create(feed, "gu", item);
                    var article = new Article
                    {
                        Id = draft.Id, FeedId = draft.FeedId, Guid = draft.Guid, Title = draft.Title, Url = draft.Url,
                        Published = draft.Published, Body = draft.Body, Language = draft.Language, FirstSeen = now, Updated = now,
                    };
                    writer.UpdateDocument(new Term(ArticleFields.Id, article.Id), ArticleDocument.Create(article, ArticleLayout.Plain));
                    Interlocked.Increment(ref articles);
                }
            }
            finally
            {
                gate.Release();
            }
        })));
        writer.Commit();
        using (DirectoryReader.Open(directory)) { }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Join(' ', articles, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (MemorySampler.Read(System.Environment.ProcessId)?.Hwm ?? double.NaN).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Serves until killed; prints "listening URL" once it answers.</summary>
    public static async Task ServeAsync(string indexPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        using var directory = FSDirectory.Open(indexPath);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var options = new SearchOptions();
        var plain = new PlainLuceneSearch(ArticleIndex.CreateAnalyzer(), options.SnippetLength);
        var json = new System.Text.Json.JsonSerializerOptions();
        JsonDefaults.Apply(json);
        app.MapGet("/health/live", () => Results.Ok());
        app.MapGet("/search", (HttpContext context) =>
        {
            var request = SearchRequestReader.Read(context.Request.Query, options);
            return Results.Json(plain.Search(searcher, request), json);
        });
        await app.StartAsync();
        Console.WriteLine("listening " + app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await app.WaitForShutdownAsync();
    }
}
