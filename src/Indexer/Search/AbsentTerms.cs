using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Indexer.Search;

/// <summary>
/// Drops from a parsed query the title and body words no article has, where that changes no article's rank: a Latin
/// word keeps its literal terms beside its key (eBay matches where an article writes it so), and those terms are
/// absent for nearly every Latin word (rashiya), yet each one still cost its share of every match's scoring.
/// </summary>
/// <remarks>
/// Every term query comes back holding its term's states from the <see cref="TermLookup"/>, so scoring does not
/// look the term up again.
/// Only optional clauses of a boolean query without coordination are dropped: there an absent term adds nothing to
/// any score, so the order of results stays exactly as it was (scores shown may be scaled, as Lucene's query norm
/// counts every term).
/// </remarks>
internal static class AbsentTerms
{
    public static Query Prune(Query query, IndexReader reader)
    {
        var lookup = TermLookup.Rent(reader);
        var pruned = Prune(query, lookup, out _) ?? query;
        // Only after every seek went through: one that threw may have left an enum half moved.
        lookup.Return();
        return pruned;
    }

    /// <returns>The query without its absent words, or null when it matches nothing at all.</returns>
    private static Query? Prune(Query query, TermLookup lookup, out bool changed)
    {
        changed = false;
        switch (query)
        {
            case TermQuery { Term: var term } termQuery:
                var states = lookup.States(term);
                if (states.DocFreq == 0 && term.Field is ArticleFields.Title or ArticleFields.Body) return null;
                changed = true;
                return new TermQuery(term, states) { Boost = termQuery.Boost };
            case BooleanQuery boolean when boolean.MinimumNumberShouldMatch == 0:
                var kept = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost };
                var matching = 0;
                foreach (var clause in boolean.Clauses)
                {
                    if (clause.Occur == Occur.MUST_NOT)
                    {
                        kept.Add(clause);
                        continue;
                    }
                    var pruned = Prune(clause.Query, lookup, out var inner);
                    changed |= inner;
                    if (pruned is null)
                    {
                        if (clause.Occur == Occur.MUST) return null;
                        if (boolean.CoordDisabled)
                        {
                            changed = true;
                            continue;
                        }
                        kept.Add(clause);
                        continue;
                    }
                    kept.Add(pruned, clause.Occur);
                    matching++;
                }
                if (matching == 0) return null;
                return changed ? kept : query;
            default:
                return query;
        }
    }
}
