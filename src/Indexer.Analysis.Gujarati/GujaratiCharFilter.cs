using Lucene.Net.Analysis.CharFilters;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Makes the Gujarati letters added after Unicode 6.3 safe for Lucene 4.8's <c>StandardTokenizer</c>.
/// </summary>
/// <remarks>
/// The tokenizer's tables predate U+0AF9–U+0AFF, so it treats them as word breaks and drops them:
/// "ૹેર" would come out as "ર". ZHA (U+0AF9) becomes ળ, the letter Gujarati text otherwise uses for that
/// sound; the combining marks U+0AFA–U+0AFF are removed, as nukta is by <see cref="GujaratiNormalizer"/>.
/// Offsets are corrected so highlighting still points into the original text.
/// </remarks>
public sealed class GujaratiCharFilter : BaseCharFilter
{
    private int _emitted;
    private int _removed;

    /// <summary>Wraps <paramref name="input"/>.</summary>
    /// <param name="input">The text to filter.</param>
    public GujaratiCharFilter(TextReader input) : base(input)
    {
    }

    /// <inheritdoc />
    public override int Read(char[] buffer, int index, int count)
    {
        while (true)
        {
            int read = m_input.Read(buffer, index, count);
            if (read <= 0)
            {
                return read;
            }
            int w = index;
            int end = index + read;
            for (int r = index; r < end; r++)
            {
                char c = buffer[r];
                if (c >= '\u0AF9' && c <= '\u0AFF')
                {
                    if (c != '\u0AF9')
                    {
                        _removed++;
                        AddOffCorrectMap(_emitted + (w - index), _removed);
                        continue;
                    }
                    c = '\u0AB3';
                }
                buffer[w++] = c;
            }
            int produced = w - index;
            _emitted += produced;
            // Returning 0 would signal end of input, so a chunk made only of removed marks reads on.
            if (produced > 0)
            {
                return produced;
            }
        }
    }

    /// <inheritdoc />
    public override int Read()
    {
        char[] one = new char[1];
        return Read(one, 0, 1) <= 0 ? -1 : one[0];
    }
}
