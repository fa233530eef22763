using Lucene.Net.Analysis.Util;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Switches for <see cref="GujaratiAnalyzer"/>. The defaults are the measured best; the others exist for
/// ablation and for users whose text differs from news.
/// </summary>
public sealed record GujaratiAnalyzerOptions
{
    /// <summary>Default for <see cref="FoldLongVowels"/>.</summary>
    public const bool DefaultFoldLongVowels = true;

    /// <summary>
    /// Remove the words in <see cref="Stopwords"/>. Off by default: on the evaluation set it changed no score,
    /// and keeping function words lets phrase queries match exactly.
    /// </summary>
    public bool RemoveStopwords { get; init; }

    /// <summary>Write long ii/uu as short ones (ી→િ, ૂ→ુ, ઈ→ઇ, ઊ→ઉ).</summary>
    public bool FoldLongVowels { get; init; } = DefaultFoldLongVowels;

    /// <summary>Apply the <see cref="GujaratiStemmer"/>.</summary>
    public bool Stem { get; init; } = true;

    /// <summary>Stopwords (normalised by the analyzer before use); defaults to <see cref="GujaratiStopwords.Default"/>.</summary>
    public IEnumerable<string> Stopwords { get; init; } = GujaratiStopwords.Default;

    /// <summary>Stems at which the stemmer stops; defaults to <see cref="GujaratiStemmer.DefaultProtectedStems"/>.</summary>
    public IEnumerable<string> ProtectedStems { get; init; } = GujaratiStemmer.DefaultProtectedStems;

    /// <summary>Whole tokens the stemmer must leave alone (for example brand names), matched after normalisation.</summary>
    public CharArraySet? StemExclusionSet { get; init; }
}
