using Lucene.Net.Index;

namespace Indexer.Search;

/// <summary>
/// Looks up a search's terms in every segment through one terms enum per segment and field, and keeps what it
/// found as the term states a TermQuery scores from. Lucene otherwise opens a fresh enum, with its block frames and
/// FST arcs, for each term in each segment, once to prune and once more to score: a query is some thirty terms (a
/// word's title, body and key forms), and those enums were half of what a search allocated. Filing alerts by their
/// rarest words asks the same for thousands of terms.
/// </summary>
/// <remarks>One per search (or filing) and reader; not thread-safe.</remarks>
internal sealed class TermLookup(IndexReader reader)
{
    private readonly IndexReaderContext _top = reader.Context;
    private readonly IList<AtomicReaderContext> _leaves = reader.Leaves;
    private readonly Dictionary<string, TermsEnum?[]> _enums = new(StringComparer.Ordinal);

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
