using Indexer.Analysis.Gujarati;
using Indexer.Analysis.Gujarati.Evaluation;

const string usage = """
    usage: Indexer.Analysis.Gujarati.Evaluation [eval|bench] [--corpus PATH] [--queries PATH] [--misses]
                                                [--seconds N] [--rounds N]
      eval   (default) index the corpus with each analyzer and score the query set by MRR@10 and success@10;
             then, without --queries, the Latin-script sets (Data/romanized-dev.tsv, Data/romanized.tsv)
             against each fold of the phonetic key, and the Gujarati set with and without the key field
      bench  analysis throughput in MB/s, GujaratiAnalyzer against StandardAnalyzer
      --corpus   documents.jsonl; default: shared/corpus/gujarati-open/documents.jsonl found by walking up
                 from the current directory and from the tool's own folder
      --queries  query set TSV; default: Data/queries.tsv next to the tool
      --misses   also list the queries each system fails to answer in the top 10
    """;

string mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "eval";
string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

string? corpusPath = Option("--corpus") ?? Corpus.Find();
if (mode is not ("eval" or "bench") || corpusPath is null || !File.Exists(corpusPath))
{
    Console.Error.WriteLine(corpusPath is null ? $"cannot find {Corpus.RelativePath}; pass --corpus" : $"not found: {corpusPath}");
    Console.Error.WriteLine(usage);
    return 2;
}

var documents = Corpus.Load(corpusPath);
Console.WriteLine($"corpus: {corpusPath} ({documents.Count} documents)");
Console.WriteLine($"GujaratiAnalyzer.Version = {GujaratiAnalyzer.Version}");

if (mode == "bench")
{
    Benchmark.Run(Console.Out, documents,
        double.Parse(Option("--seconds") ?? "1.5", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option("--rounds") ?? "7", System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

var queries = QuerySet.Load(Option("--queries") ?? QuerySet.DefaultPath);
var misses = args.Contains("--misses") ? Console.Out : null;

var comparison = new List<Func<IRetrievalSystem>>
{
    () => new LuceneSystem("StandardAnalyzer", Analyzers.Standard(), documents),
    () => new LuceneSystem("Std+Lower+IndicNorm", Analyzers.StandardIndic(), documents),
    () => new Fts5TrigramSystem(documents),
    () => new LuceneSystem("GujaratiAnalyzer", new GujaratiAnalyzer(), documents),
};
var defaults = new GujaratiAnalyzerOptions();
var ablations = new List<Func<IRetrievalSystem>>
{
    () => new LuceneSystem("default", new GujaratiAnalyzer(defaults), documents),
    () => new LuceneSystem(defaults.RemoveStopwords ? "no stopwords" : "+ stopwords",
        new GujaratiAnalyzer(defaults with { RemoveStopwords = !defaults.RemoveStopwords }), documents),
    () => new LuceneSystem(defaults.FoldLongVowels ? "no i/u folding" : "+ i/u folding",
        new GujaratiAnalyzer(defaults with { FoldLongVowels = !defaults.FoldLongVowels }), documents),
    () => new LuceneSystem("no stemmer", new GujaratiAnalyzer(defaults with { Stem = false }), documents),
    () => new LuceneSystem("no stemmer, + stopwords", new GujaratiAnalyzer(defaults with { Stem = false, RemoveStopwords = true }), documents),
};

foreach (var (title, systems) in new[] { ("Comparison", comparison), ("Ablations of GujaratiAnalyzer", ablations) })
{
    Console.WriteLine();
    Console.WriteLine($"## {title} ({queries.Count} queries)");
    Console.WriteLine();
    var results = new List<(string, Dictionary<string, Score>)>();
    foreach (var create in systems)
    {
        using var system = create();
        results.Add((system.Name, Evaluation.Run(system, queries, misses)));
    }
    Evaluation.Print(Console.Out, results);
}

if (Option("--queries") is null)
{
    LatinEvaluation.Run(Console.Out, documents, queries, QuerySet.Load(LatinEvaluation.DevelopmentPath),
        QuerySet.Load(LatinEvaluation.HeldOutPath), misses);
}
return 0;
