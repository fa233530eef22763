using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Applies a <see cref="GujaratiStemmer"/> to each token not marked as a keyword
/// (see Lucene's <c>SetKeywordMarkerFilter</c>).
/// </summary>
public sealed class GujaratiStemFilter : TokenFilter
{
    private readonly GujaratiStemmer _stemmer;
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    /// <summary>Wraps <paramref name="input"/>.</summary>
    /// <param name="input">A normalised token stream.</param>
    /// <param name="stemmer">The stemmer to apply; it can be shared between filters and threads.</param>
    public GujaratiStemFilter(TokenStream input, GujaratiStemmer stemmer) : base(input)
    {
        _stemmer = stemmer ?? throw new ArgumentNullException(nameof(stemmer));
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    /// <inheritdoc />
    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        if (!_keyword.IsKeyword)
        {
            _term.Length = _stemmer.Stem(_term.Buffer, _term.Length);
        }
        return true;
    }
}
