using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.In;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Analyzer for Gujarati text. Used for both indexing and querying so that both sides agree on every token.
/// </summary>
public sealed class GujaratiAnalyzer : Analyzer
{
    /// <summary>Changes whenever a change here would change the tokens of already indexed text.</summary>
    public const string Version = "gu-0";

    /// <summary>Normalises one query term the way indexed tokens are normalised, without stemming.</summary>
    public static string NormalizeTerm(string term) => term.ToLowerInvariant();

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
        TokenStream result = new LowerCaseFilter(LuceneVersion.LUCENE_48, source);
        result = new IndicNormalizationFilter(result);
        return new TokenStreamComponents(source, result);
    }
}
