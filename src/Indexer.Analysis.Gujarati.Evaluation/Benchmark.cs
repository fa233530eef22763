using System.Diagnostics;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Indexer.Analysis.Gujarati.Evaluation;

/// <summary>Analysis throughput on the corpus text, the same workload for every analyzer in one process.</summary>
internal static class Benchmark
{
    public static void Run(TextWriter output, IReadOnlyList<CorpusDocument> documents, double secondsPerRound, int rounds)
    {
        var texts = documents.Select(d => d.Text).ToArray();
        double megabytes = texts.Sum(t => Encoding.UTF8.GetByteCount(t)) / 1_000_000.0;
        var analyzers = new (string Name, Analyzer Analyzer)[]
        {
            ("StandardAnalyzer", Analyzers.Standard()),
            ("GujaratiAnalyzer", new GujaratiAnalyzer()),
            ("GujaratiPhoneticAnalyzer", new GujaratiPhoneticAnalyzer()),
        };

        // Warm up (JIT, tiered compilation, pooled buffers), then size a round to the requested duration.
        var warm = Stopwatch.StartNew();
        int warmPasses = 0;
        while (warm.Elapsed.TotalSeconds < 2)
        {
            foreach (var (_, analyzer) in analyzers)
            {
                Consume(analyzer, texts);
            }
            warmPasses++;
        }
        double secondsPerPass = warm.Elapsed.TotalSeconds / (warmPasses * analyzers.Length);
        int repeat = Math.Max(1, (int)Math.Ceiling(secondsPerRound / secondsPerPass));
        output.WriteLine($"corpus: {documents.Count} documents, {megabytes:0.00} MB UTF-8, repeated {repeat}x per round, {rounds} rounds, median reported");

        var samples = analyzers.ToDictionary(a => a.Name, _ => new List<double>());
        long tokens = 0;
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the order so neither analyzer always runs on a warmer machine.
            var order = round % 2 == 0 ? analyzers : analyzers.Reverse().ToArray();
            foreach (var (name, analyzer) in order)
            {
                var watch = Stopwatch.StartNew();
                for (int i = 0; i < repeat; i++)
                {
                    tokens += Consume(analyzer, texts);
                }
                samples[name].Add(megabytes * repeat / watch.Elapsed.TotalSeconds);
            }
        }

        foreach (var (name, _) in analyzers)
        {
            output.WriteLine($"{name}: {Median(samples[name]):0.0} MB/s (rounds: {string.Join(", ", samples[name].Select(s => s.ToString("0.0")))})");
        }
        double standard = Median(samples["StandardAnalyzer"]);
        double gujarati = Median(samples["GujaratiAnalyzer"]);
        double phonetic = Median(samples["GujaratiPhoneticAnalyzer"]);
        output.WriteLine($"time ratio GujaratiAnalyzer / StandardAnalyzer: {standard / gujarati:0.00}x (target <= 1.30x)");
        output.WriteLine($"time ratio GujaratiPhoneticAnalyzer / GujaratiAnalyzer: {gujarati / phonetic:0.00}x (from text; an index keys the words its words field already tokenized, see Tee)");
        GC.KeepAlive(tokens);
    }

    private static long Consume(Analyzer analyzer, string[] texts)
    {
        long count = 0;
        foreach (string text in texts)
        {
            using var stream = analyzer.GetTokenStream("text", text);
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                count += term.Length;
            }
            stream.End();
        }
        return count;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
