using Lucene.Net.Index;

namespace Indexer.Search;

/// <summary>
/// Looks up a search's terms in every segment through one terms enum per segment and field, and keeps what it
/// found as the term states a TermQuery scores from. Lucene otherwise opens a fresh enum, with its block frames and
/// FST arcs, for each term in each segment, once to prune and once more to score: a query is some thirty terms (a
/// word's title, body and key forms), and those enums were half of what a search allocated.
/// </summary>
/// <remarks>One per search and reader; not thread-safe.</remarks>
internal sealed class TermLookup(IndexReader reader)
{
    private readonly IndexReaderContext _top = reader.Context;
    private readonly IList<AtomicReaderContext> _leaves = reader.Leaves;
    private readonly Dictionary<string, TermsEnum?[]> _enums = new(StringComparer.Ordinal);

    /// <summary>The term's state in every segment that has it, and its document frequency over the reader.</summary>
    public TermContext States(Term term)
    {
        if (!_enums.TryGetValue(term.Field, out var segments))
            _enums[term.Field] = segments = _leaves.Select(leaf => leaf.AtomicReader.GetTerms(term.Field)?.GetEnumerator()).ToArray();
        var states = new TermContext(_top);
        for (var i = 0; i < segments.Length; i++)
        {
            var terms = segments[i];
            if (terms is not null && terms.SeekExact(term.Bytes))
                states.Register(terms.GetTermState(), _leaves[i].Ord, terms.DocFreq, terms.TotalTermFreq);
        }
        return states;
    }
}
