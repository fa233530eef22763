namespace Indexer.Analysis.Gujarati.Evaluation;

/// <summary>
/// Latin-script queries over the Gujarati corpus: the phonetic key's folds, each turned off in turn, on the
/// development set (where they were chosen) and on the held-out set; and what the key field does to the
/// Gujarati-script queries, which must not get worse.
/// </summary>
internal static class LatinEvaluation
{
    public static string DevelopmentPath => Path.Combine(AppContext.BaseDirectory, "Data", "romanized-dev.tsv");

    public static string HeldOutPath => Path.Combine(AppContext.BaseDirectory, "Data", "romanized.tsv");

    public static void Run(TextWriter output, IReadOnlyList<CorpusDocument> documents, IReadOnlyList<EvalQuery> gujarati,
        IReadOnlyList<EvalQuery> development, IReadOnlyList<EvalQuery> heldOut, TextWriter? misses)
    {
        var defaults = new GujaratiPhoneticAnalyzerOptions();
        // A fold is tried off in both keys at once: the skeleton key and the vowel key share their folds.
        GujaratiPhoneticAnalyzerOptions Both(Func<GujaratiPhoneticKeyOptions, GujaratiPhoneticKeyOptions> change) =>
            defaults with { Key = change(defaults.Key), VowelKey = defaults.VowelKey is { } vowels ? change(vowels) : null };
        var variants = new (string Name, GujaratiPhoneticAnalyzerOptions Options)[]
        {
            ("default", defaults),
            ("initial vowel by class", defaults with { Key = defaults.Key with { Vowels = KeyVowels.Initial } }),
            ("no initial vowel", defaults with { Key = defaults.Key with { Vowels = KeyVowels.None } }),
            ("nasals: vowel key merges them", defaults with { VowelKey = defaults.VowelKey! with { Nasals = KeyNasals.Merge } }),
            ("nasals: both keys merge them", Both(k => k with { Nasals = KeyNasals.Merge })),
            ("nasals: both drop as written", Both(k => k with { Nasals = KeyNasals.Written })),
            ("nasals: both kept", Both(k => k with { Nasals = KeyNasals.Keep })),
            ("aspirates kept", Both(k => k with { MergeAspirates = false })),
            ("retroflex kept", Both(k => k with { MergeRetroflex = false })),
            ("sibilants kept", Both(k => k with { MergeSibilants = false })),
            ("z kept apart from j", Both(k => k with { MergeZWithJ = false })),
            ("no English spelling rules", Both(k => k with { EnglishSpelling = false })),
            ("glides kept", Both(k => k with { DropGlides = false })),
            ("no stemming of sounds", Both(k => k with { Stem = false })),
            ("no vowel key: skeletons only", defaults with { VowelKey = null }),
            ("vowel key up to 1 consonant", defaults with { VowelKeyUpTo = 1 }),
            ("vowel key up to 3 consonants", defaults with { VowelKeyUpTo = 3 }),
            ("vowel keys only", defaults with { VowelKeyUpTo = int.MaxValue }),
            ("both keys for short words", defaults with { BothKeys = true }),
            ("both keys for every word", defaults with { BothKeys = true, VowelKeyUpTo = int.MaxValue }),
            ("keys for stopwords too", defaults with { SkipStopwords = false }),
            ("no rank key for short words", defaults with { RankKey = null }),
            ("rank key weighs 0.25", defaults with { RankBoost = 0.25f }),
            ("rank key weighs 1", defaults with { RankBoost = 1f }),
            ("rank key for keys of up to 4 letters", defaults with { RankKeyUpTo = 4 }),
        };

        var sets = new[] { ("development", development), ("held-out", heldOut) };
        var results = sets.ToDictionary(s => s.Item1, _ => new List<(string, Dictionary<string, Score>)>());
        using (var plain = new LuceneSystem("GujaratiAnalyzer alone", new GujaratiAnalyzer(), documents))
        {
            foreach (var (set, queries) in sets)
            {
                results[set].Add((plain.Name, Evaluation.Run(plain, queries)));
            }
        }
        foreach (var (name, options) in variants)
        {
            using var system = new LuceneSystem(name, new GujaratiAnalyzer(), documents, new PhoneticField(new GujaratiPhoneticAnalyzer(options)));
            foreach (var (set, queries) in sets)
            {
                results[set].Add((name, Evaluation.Run(system, queries, name == "default" ? misses : null)));
            }
        }
        foreach (var (set, queries) in sets)
        {
            output.WriteLine();
            output.WriteLine($"## Latin-script queries, {set} set ({queries.Count} queries): the key's folds, one changed at a time");
            output.WriteLine();
            Evaluation.PrintByRow(output, results[set]);
        }

        output.WriteLine();
        output.WriteLine($"## Gujarati-script queries ({gujarati.Count}) with the key field beside the text, by its boost for Gujarati words");
        output.WriteLine();
        using var baseline = new LuceneSystem("without", new GujaratiAnalyzer(), documents);
        var before = Evaluation.Run(baseline, gujarati);
        var tops = gujarati.Select(q => baseline.Search(q.Text, 1).FirstOrDefault()).ToList();
        var rows = new List<(string, Dictionary<string, Score>)> { ("without", before) };
        var changed = new List<string> { "0" };
        foreach (float boost in new[] { 0f, 0.05f, 0.1f, 0.2f, 0.5f })
        {
            using var system = new LuceneSystem($"boost {boost:0.##}", new GujaratiAnalyzer(), documents,
                new PhoneticField(new GujaratiPhoneticAnalyzer(), GujaratiBoost: boost));
            rows.Add((system.Name, Evaluation.Run(system, gujarati)));
            changed.Add(gujarati.Where((q, i) => system.Search(q.Text, 1).FirstOrDefault() != tops[i]).Count().ToString());
        }
        Evaluation.Print(output, rows);
        output.WriteLine($"| top result changed | {string.Join(" | ", changed)} |");
    }
}
