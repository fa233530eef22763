using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Applies <see cref="GujaratiNormalizer"/> to every token, which includes lowercasing and digit folding,
/// so no <c>LowerCaseFilter</c> or <see cref="GujaratiDigitFilter"/> is needed before it.
/// </summary>
public sealed class GujaratiNormalizationFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly bool _foldLongVowels;

    /// <summary>Wraps <paramref name="input"/>.</summary>
    /// <param name="input">The token stream to filter.</param>
    /// <param name="foldLongVowels">Also fold long ii/uu onto short (see <see cref="GujaratiNormalizer.Normalize(char[], int, bool)"/>).</param>
    public GujaratiNormalizationFilter(TokenStream input, bool foldLongVowels = GujaratiAnalyzerOptions.DefaultFoldLongVowels)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _foldLongVowels = foldLongVowels;
    }

    /// <inheritdoc />
    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        _term.Length = GujaratiNormalizer.Normalize(_term.Buffer, _term.Length, _foldLongVowels);
        return true;
    }
}
