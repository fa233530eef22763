using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Writes Gujarati digits ૦–૯ as ASCII 0–9, so "૨૦૨૪" and "2024" (and "૧૦મી" and "10મી") are one term.
/// </summary>
/// <remarks>
/// For chains that want digit folding alone; <see cref="GujaratiNormalizationFilter"/> already folds digits.
/// </remarks>
public sealed class GujaratiDigitFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    /// <summary>Wraps <paramref name="input"/>.</summary>
    /// <param name="input">The token stream to filter.</param>
    public GujaratiDigitFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
    }

    /// <inheritdoc />
    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        FoldDigits(_term.Buffer, _term.Length);
        return true;
    }

    /// <summary>Replaces Gujarati digits in <paramref name="buffer"/>[0..<paramref name="length"/>) with ASCII digits.</summary>
    /// <param name="buffer">The term characters.</param>
    /// <param name="length">Number of characters in use.</param>
    public static void FoldDigits(char[] buffer, int length)
    {
        for (int i = 0; i < length; i++)
        {
            char c = buffer[i];
            if (c >= '\u0AE6' && c <= '\u0AEF')
            {
                buffer[i] = (char)('0' + (c - '\u0AE6'));
            }
        }
    }
}
