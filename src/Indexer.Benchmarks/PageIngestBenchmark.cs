using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Indexer.Benchmarks;

/// <summary>
/// Ingest of a summary-only feed set end to end: feeds whose items carry one sentence and link to pages from the
/// page set, served on 127.0.0.1; measured from the service's start to every story stored from its page
/// (pagesPending 0 everywhere, index caught up), beside the same feeds with fullText never in the same run.
/// </summary>
internal static class PageIngestBenchmark
{
    public static async Task RunAsync(int articles, int feeds, string? pagesFolder)
    {
        pagesFolder ??= Path.Combine(FindRoot(), "tests", "Indexer.Feeds.Tests", "TestData", "pages");
        var pages = Directory.GetFiles(pagesFolder, "*.html").Order().Select(File.ReadAllBytes).ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var perFeed = (articles + feeds - 1) / feeds;
        string baseUrl = "";
        app.MapGet("/page/{n:int}", (int n) => Results.Bytes(pages[n % pages.Length], "text/html"));
        app.MapGet("/feed/{f:int}.xml", (int f) =>
        {
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>b</title><link>http://127.0.0.1/</link><description>b</description>");
            for (var i = f * perFeed; i < Math.Min(articles, (f + 1) * perFeed); i++)
                xml.Append($"<item><guid>p{i}</guid><title>સમાચાર {i}</title><link>{baseUrl}/page/{i}</link><description>{WebUtility.HtmlEncode($"એક વાક્યનો સારાંશ {i}…")}</description></item>");
            return Results.Text(xml.Append("</channel></rss>").ToString(), "application/rss+xml; charset=utf-8");
        });
        await app.StartAsync();
        baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"summary-only feeds: {feeds} feeds, {articles} items, each linking to one of {pages.Length} pages on {baseUrl}");

        foreach (var mode in new[] { "never", "auto" })
        {
            var work = Directory.CreateTempSubdirectory("indexer-pages-bench-");
            try
            {
                var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
                await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), JsonSerializer.Serialize(new
                {
                    feeds = Enumerable.Range(0, feeds).Select(f => new { id = $"f{f:000}", url = $"{baseUrl}/feed/{f}.xml", interval = "01:00:00", fullText = mode }),
                }));
                var environment = new Dictionary<string, string> { ["Fetching__AllowPrivatePages"] = "true", ["Fetching__RespectRobotsTxt"] = "false" };
                await using var service = ServiceProcess.Start(config, Path.Combine(work.FullName, "data"), environment: environment);
                var stopwatch = Stopwatch.StartNew();
                await service.WaitUntilUpAsync();
                while (true)
                {
                    var state = JsonDocument.Parse(await service.Client.GetStringAsync("/feeds")).RootElement;
                    var stored = state.EnumerateArray().Sum(f => f.GetProperty("articleCount").GetInt64());
                    var pending = state.EnumerateArray().Sum(f => f.GetProperty("pagesPending").GetInt64());
                    using var ready = await service.Client.GetAsync("/health/ready");
                    var lag = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("indexLag").GetInt64();
                    if (stored >= articles && pending == 0 && lag == 0) break;
                    if (stopwatch.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException("not done within 20 minutes");
                    await Task.Delay(100);
                }
                var seconds = stopwatch.Elapsed.TotalSeconds;
                Console.WriteLine($"fullText {mode,-5}: {articles} articles {(mode == "auto" ? "with their pages' stories" : "with the feed's sentence")} searchable in {seconds,6:F1} s = {articles / seconds,7:F0} articles/s; peak memory {service.PeakMemoryMiB():F0} MiB");
            }
            finally
            {
                work.Delete(recursive: true);
            }
        }
        await app.StopAsync();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Indexer.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
