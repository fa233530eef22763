using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Indexer.Search;

/// <summary>
/// Looks up a search's terms in every segment through one terms enum per segment and field, and keeps what it
/// found as the term states a TermQuery scores from. Lucene otherwise opens a fresh enum, with its block frames and
/// FST arcs, for each term in each segment, once to prune and once more to score: a query is some thirty terms (a
/// word's title, body and key forms), and those enums were half of what a search allocated. Filing alerts by their
/// rarest words asks the same for thousands of terms.
/// </summary>
/// <remarks>
/// One search (or filing) at a time; not thread-safe. A search rents one for its reader and returns it when it has
/// the states (they are copies): at a million articles a fresh lookup's enums, 23 segments times three fields, were
/// still a third of what an uncached search allocated, and the next search on the same reader can seek with them.
/// </remarks>
internal sealed class TermLookup(IndexReader reader)
{
    // Kept with the reader they seek in and gone with it: a refreshed searcher's new reader starts its own.
    private static readonly ConditionalWeakTable<IndexReader, Stack<TermLookup>> Idle = new();

    /// <summary>As many as searches run at once on one reader; more are left to the collector.</summary>
    internal const int MaxIdle = 16;

    // The idle lookups of its reader, for one rented from them; Return hands it back without a second look-up.
    private Stack<TermLookup>? _pool;
    private readonly IndexReaderContext _top = reader.Context;
    private readonly IList<AtomicReaderContext> _leaves = reader.Leaves;
    private readonly Dictionary<string, TermsEnum?[]> _enums = new(StringComparer.Ordinal);

    /// <summary>A lookup on <paramref name="reader"/> that no search is using: one a search returned, or a new one.</summary>
    public static TermLookup Rent(IndexReader reader)
    {
        var idle = Idle.GetOrCreateValue(reader);
        lock (idle) return idle.TryPop(out var lookup) ? lookup : new TermLookup(reader) { _pool = idle };
    }

    /// <summary>Hands a rented lookup to the next search on its reader (one made with new is left to the collector); the caller must not use it again.</summary>
    public void Return()
    {
        if (_pool is not { } idle) return;
        lock (idle)
        {
            if (idle.Count < MaxIdle) idle.Push(this);
        }
    }

    /// <summary>The term's state in every segment that has it, and its document frequency over the reader.</summary>
    public TermContext States(Term term)
    {
        var states = new TermContext(_top);
        var segments = Segments(term.Field);
        for (var i = 0; i < segments.Length; i++)
        {
            var terms = segments[i];
            if (terms is not null && terms.SeekExact(term.Bytes))
                states.Register(terms.GetTermState(), _leaves[i].Ord, terms.DocFreq, terms.TotalTermFreq);
        }
        return states;
    }

    /// <summary>What <c>IndexReader.DocFreq</c> answers, without keeping the states.</summary>
    public long DocFreq(Term term)
    {
        long frequency = 0;
        foreach (var terms in Segments(term.Field))
        {
            if (terms is not null && terms.SeekExact(term.Bytes)) frequency += terms.DocFreq;
        }
        return frequency;
    }

    private TermsEnum?[] Segments(string field)
    {
        if (!_enums.TryGetValue(field, out var segments))
            _enums[field] = segments = _leaves.Select(leaf => leaf.AtomicReader.GetTerms(field)?.GetEnumerator()).ToArray();
        return segments;
    }
}
