using System.Diagnostics;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Indexer.Benchmarks;

/// <summary>
/// Latin-script queries through the service's own store, index and ArticleSearcher, beside the baseline in the
/// same run: quality (MRR@10 and success@10 on the romanized sets and on the Gujarati set, whose top results
/// must not change for the worse), how often a Latin word is read as the Gujarati word it spells, and the
/// cost: documents into a Lucene index with and without the phonetic keys, and /search's work with and
/// without Search:Transliteration.
/// </summary>
internal static class TransliterationBenchmark
{
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, int repeat, int rounds)
    {
        var sets = new (string Name, List<EvaluationQuery> Queries)[]
        {
            ("Gujarati script (queries.tsv)", EvaluationQuery.Load("queries.tsv")),
            ("Latin, development (romanized-dev.tsv)", EvaluationQuery.Load("romanized-dev.tsv")),
            ("Latin, held-out (romanized.tsv)", EvaluationQuery.Load("romanized.tsv")),
        };
        using var index = await CorpusIndex.BuildAsync(corpus);
        // No result cache: every timed search must do its work, not repeat an earlier round's answer.
        var before = index.Searcher(new SearchOptions { Transliteration = false, ResultCacheSize = 0 });
        var after = index.Searcher(new SearchOptions { ResultCacheSize = 0 });

        Console.WriteLine($"Quality through ArticleSearcher over {corpus.Count} documents (MRR@10 / success@10), Search:Transliteration off (baseline) and on:");
        Console.WriteLine();
        Console.WriteLine("| query set | baseline | transliteration | top result changed | Latin words read as the word they spell |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, queries) in sets)
        {
            var (readAs, words) = name.StartsWith("Latin", StringComparison.Ordinal) ? ReadAsAccuracy(after, queries) : (0, 0);
            Console.WriteLine($"| {name}, {queries.Count} | {Score(index, before, queries)} | {Score(index, after, queries)} | " +
                $"{TopChanges(index, before, after, queries)} | {(words == 0 ? "" : $"{readAs} of {words}")} |");
        }

        Console.WriteLine();
        var articles = Repeat(corpus, repeat);
        Console.WriteLine($"Indexing: CPU to put {articles.Count} articles (the corpus {repeat}×) into a Lucene index on disk, {rounds} rounds alternating, median:");
        // The key field is measured against the layout it is added to (offsets and the hit record, which searches
        // need since issue 11 whatever the script); plain Lucene.Net's layout is printed as the floor.
        var indexing = Alternate(rounds,
            ("plain Lucene.Net layout", () => IndexAll(articles, ArticleLayout.Plain)),
            ("baseline layout", () => IndexAll(articles, ArticleLayout.WithoutKeys)),
            ("with phonetic keys", () => IndexAll(articles, ArticleLayout.Full)));
        Print(indexing, "ms", "baseline layout", "plain Lucene.Net layout", "baseline layout", "with phonetic keys");

        Console.WriteLine();
        // A Latin query is compared with the same words typed in Gujarati before: what a reader typing Latin
        // waits beside what a reader typing Gujarati waited.
        var latin = sets[2].Queries.Where(q => q.Spells is not null).ToList();
        var gujarati = sets[0].Queries.Select(q => q.Text).ToList();
        Console.WriteLine($"Query time: CPU per ArticleSearcher.Search (10 hits, highlighted), {rounds} rounds alternating, median:");
        var querying = Alternate(rounds,
            ("Gujarati set, baseline", () => SearchAll(before, gujarati)),
            ("Gujarati set, transliteration", () => SearchAll(after, gujarati)),
            ("held-out set in Gujarati, baseline", () => SearchAll(before, latin.Select(q => q.Spells!).ToList())),
            ("held-out set in Latin, transliteration", () => SearchAll(after, latin.Select(q => q.Text).ToList())));
        Print(querying, "ms/query", "Gujarati set, baseline", "Gujarati set, baseline", "Gujarati set, transliteration");
        Print(querying, "ms/query", "held-out set in Gujarati, baseline", "held-out set in Gujarati, baseline", "held-out set in Latin, transliteration");
    }

    private static string Score(CorpusIndex index, ArticleSearcher searcher, List<EvaluationQuery> queries)
    {
        var ranks = queries.Select(q => index.RankOfFirstRelevant(searcher, q)).ToList();
        return $"{ranks.Average(r => r is { } k ? 1.0 / k : 0):0.00} / {ranks.Average(r => r is not null ? 1.0 : 0):0.00}";
    }

    private static int TopChanges(CorpusIndex index, ArticleSearcher before, ArticleSearcher after, List<EvaluationQuery> queries) =>
        queries.Count(q => Top(before, q) != Top(after, q));

    private static string? Top(ArticleSearcher searcher, EvaluationQuery query) =>
        searcher.Search(new SearchRequest { Query = query.Text, Size = 1 }).Hits.FirstOrDefault()?.Id;

    // A Latin word counts as read right when the first form readAs gives for it has the stem of the word it spells.
    private static (int Right, int Words) ReadAsAccuracy(ArticleSearcher searcher, List<EvaluationQuery> queries)
    {
        int right = 0, words = 0;
        var analyzer = ArticleIndex.CreateAnalyzer();
        foreach (var query in queries.Where(q => q.Spells is not null))
        {
            var spelled = query.Spells!.Split(' ');
            var latinWords = query.Text.Split(' ');
            if (spelled.Length != latinWords.Length) continue;
            var readAs = searcher.Search(new SearchRequest { Query = query.Text }).ReadAs;
            for (var i = 0; i < latinWords.Length; i++)
            {
                words++;
                if (readAs.TryGetValue(latinWords[i], out var forms) && Stem(analyzer, forms[0]) == Stem(analyzer, spelled[i])) right++;
            }
        }
        return (right, words);
    }

    private static string Stem(Lucene.Net.Analysis.Analyzer analyzer, string word)
    {
        using var stream = analyzer.GetTokenStream(ArticleFields.Body, word);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        var stem = stream.IncrementToken() ? term.ToString() : word;
        stream.End();
        return stem;
    }

    private static List<Article> Repeat(IReadOnlyList<CorpusDocument> corpus, int repeat)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, repeat).SelectMany(r => corpus.Select(d => new Article
        {
            Id = ArticleFactory.ArticleId("corpus" + r, "guid:" + d.Id),
            FeedId = "corpus" + r,
            Guid = d.Id,
            Title = d.Title,
            Body = d.Body,
            Language = "gu",
            Published = now,
            FirstSeen = now,
            Updated = now,
        })).ToList();
    }

    // What the index stage does per article, with the service's analyzers and writer settings; the store read
    // and the commit around it are the same with or without keys.
    private static double IndexAll(List<Article> articles, ArticleLayout layout)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("indexer-keys-");
        try
        {
            var cpu = CpuTime();
            using (var directory = FSDirectory.Open(folder.FullName))
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, ArticleIndex.CreateAnalyzer()) { RAMBufferSizeMB = 64 }))
            {
                foreach (var article in articles)
                    writer.UpdateDocument(new Term(ArticleFields.Id, article.Id), ArticleDocument.Create(article, layout));
                writer.Commit();
            }
            return (CpuTime() - cpu).TotalMilliseconds;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static double SearchAll(ArticleSearcher searcher, IReadOnlyList<string> queries)
    {
        var cpu = CpuTime();
        foreach (var query in queries) searcher.Search(new SearchRequest { Query = query, Size = 10 });
        return (CpuTime() - cpu).TotalMilliseconds / queries.Count;
    }

    // Other engineers' builds share these cores: CPU time of this process counts the work, not the waiting.
    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    // One warm-up round, then rounds in alternating order, so no variant always runs on a warmer or quieter machine.
    private static Dictionary<string, List<double>> Alternate(int rounds, params (string Name, Func<double> Run)[] variants)
    {
        foreach (var (_, run) in variants) run();
        var samples = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in round % 2 == 0 ? variants : variants.Reverse())
                samples[name].Add(run());
        }
        return samples;
    }

    private static void Print(Dictionary<string, List<double>> samples, string unit, string baseline, params string[] names)
    {
        var median = samples.ToDictionary(s => s.Key, s => s.Value.Order().ElementAt(s.Value.Count / 2));
        foreach (var name in names)
        {
            var ratio = name == baseline ? "" : $" = {median[name] / median[baseline]:0.00}× the {baseline}";
            Console.WriteLine($"  {name,-28} {median[name],9:F2} {unit}{ratio}   (rounds: {string.Join(", ", samples[name].Select(v => v.ToString("F1")))})");
        }
    }
}
