using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Indexer.Feeds.Pages;
using Indexer.Feeds.Parsing;
using SmartReader;

namespace Indexer.Benchmarks;

/// <summary>
/// Extraction quality and speed on the page set (tests/Indexer.Feeds.Tests/TestData/pages: pages built like
/// Gujarati news sites, each with its story as text beside it), beside plain SmartReader in the same run, and
/// with each rule left out in turn so that every rule shows what it earns.
/// </summary>
/// <remarks>
/// Words are counted as a multiset. Story kept = story words found in the output / story words. Non-story let in =
/// output words beyond the story's / words of the page's visible text that are not the story's.
/// </remarks>
internal static partial class ExtractionEvaluation
{
    private sealed record Page(string Name, Uri Url, string Html, string Story);

    public static void Run(string? folder, int seconds)
    {
        folder ??= Path.Combine(RepositoryRoot(), "tests", "Indexer.Feeds.Tests", "TestData", "pages");
        var pages = LoadPages(folder);
        Console.WriteLine($"page set: {pages.Count} pages in {folder}");

        var systems = new List<(string Name, Func<Page, string> Extract)>
        {
            ("SmartReader alone (baseline)", p => HtmlToText.ToText(new Reader(p.Url.AbsoluteUri, p.Html).GetArticle().Content)),
            ("extractor, all rules", Using(ExtractionRules.All)),
        };
        var rules = Enum.GetValues<ExtractionRules>().Where(r => r is not (ExtractionRules.None or ExtractionRules.All)).ToList();
        foreach (var rule in rules)
            systems.Add(($"  all but {rule}", Using(ExtractionRules.All & ~rule)));
        foreach (var rule in rules)
            systems.Add(($"  only {rule}", Using(rule)));

        Console.WriteLine($"{"system",-42} {"story kept",10} {"non-story let in",17} {"worst page kept",16}");
        foreach (var (name, extract) in systems)
        {
            long storyWords = 0, kept = 0, nonStory = 0, letIn = 0;
            var worst = 1.0;
            foreach (var page in pages)
            {
                var score = Score(page, extract(page));
                storyWords += score.StoryWords; kept += score.Kept; nonStory += score.NonStoryWords; letIn += score.LetIn;
                worst = Math.Min(worst, (double)score.Kept / score.StoryWords);
            }
            Console.WriteLine($"{name,-42} {(double)kept / storyWords,10:P1} {(double)letIn / nonStory,17:P1} {worst,16:P1}");
        }

        // Both warm first, for as long as each is then measured: the JIT's tiering and the caches must not count
        // against whichever happens to run first.
        foreach (var (_, extract) in systems.Take(2))
        {
            var warming = Stopwatch.StartNew();
            while (warming.Elapsed.TotalSeconds < seconds)
                foreach (var page in pages) extract(page);
        }
        foreach (var (name, extract) in systems.Take(2))
        {
            var stopwatch = Stopwatch.StartNew();
            var count = 0;
            while (stopwatch.Elapsed.TotalSeconds < seconds)
                foreach (var page in pages) { extract(page); count++; }
            Console.WriteLine($"speed, one thread: {name,-30} {count / stopwatch.Elapsed.TotalSeconds,8:F0} pages/s (mean page {pages.Average(p => p.Html.Length) / 1024:F1} KiB)");
        }
        Console.WriteLine("per page (story kept / non-story let in), baseline then all rules:");
        var extractor = new ArticleExtractor();
        foreach (var page in pages)
        {
            var result = extractor.Extract(page.Html, page.Url);
            var score = Score(page, result.Text);
            var plain = Score(page, systems[0].Extract(page));
            Console.WriteLine($"  {page.Name,-32} {(double)plain.Kept / plain.StoryWords,7:P1} {(double)plain.LetIn / plain.NonStoryWords,7:P1}   " +
                              $"{(double)score.Kept / score.StoryWords,7:P1} {(double)score.LetIn / score.NonStoryWords,7:P1}  {result.Source}");
        }
    }

    private static Func<Page, string> Using(ExtractionRules rules)
    {
        var extractor = new ArticleExtractor(rules);
        return page =>
        {
            try { return extractor.Extract(page.Html, page.Url).Text; }
            catch (PageExtractionException) { return ""; }
        };
    }

    private static (long StoryWords, long Kept, long NonStoryWords, long LetIn) Score(Page page, string extracted)
    {
        var story = Count(page.Story);
        var visible = Count(HtmlToText.ToText(page.Html));
        var output = Count(extracted);
        long kept = 0, letIn = 0;
        foreach (var (word, n) in output)
        {
            var inStory = story.GetValueOrDefault(word);
            kept += Math.Min(n, inStory);
            letIn += Math.Max(0, n - inStory);
        }
        var nonStory = visible.Sum(w => Math.Max(0, w.Value - story.GetValueOrDefault(w.Key)));
        return (story.Values.Sum(), kept, Math.Max(1, nonStory), letIn);
    }

    private static Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(text)) counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        return counts;
    }

    private static List<Page> LoadPages(string folder)
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected-metadata.json")));
        return metadata.RootElement.EnumerateObject().Select(p => new Page(
            p.Name,
            new Uri(p.Value.GetProperty("url").GetString()!),
            PageTextDecoder.Decode(File.ReadAllBytes(Path.Combine(folder, p.Name + ".html")), null),
            File.ReadAllText(Path.Combine(folder, p.Name + ".story.txt")))).ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Indexer.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+")]
    private static partial Regex Word();
}
