using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Indexer.Alerts;

/// <summary>What an article's terms alone can tell about a query: yes, no, or only the query itself can say.</summary>
public enum TermDecision { No, Yes, Maybe }

/// <summary>The terms of one analysed article, as a condition asks for them.</summary>
public interface IArticleTerms
{
    bool Has(Term term);

    /// <summary>Whether the article has a term in the prefix's field that starts with its bytes.</summary>
    bool HasPrefix(Term prefix);
}

/// <summary>
/// What a query asks of an article's terms, read from the parsed query (the percolator's "query analysis", as in
/// Lucene's monitor and Elasticsearch's percolator). It serves twice. Before any query runs, it names a set of
/// terms of which every matching article holds at least one (<see cref="Keys"/>), so that an alert is looked up by
/// the article's terms instead of being tried on every article; among required clauses it picks the one fewest
/// articles hold. Then, for the alerts so found, it decides the match from the article's terms wherever the query
/// is made of terms and boolean logic (<see cref="Decide"/>), and leaves to the query only what terms cannot
/// settle: a phrase's word order, date ranges, wildcards.
/// </summary>
public abstract class TermCondition
{
    /// <summary>Every query Lucene would answer with "no document": an empty boolean, exclusions alone.</summary>
    private static readonly TermCondition Nothing = new Constant(TermDecision.No);
    private static readonly TermCondition Everything = new Constant(TermDecision.Yes);
    private static readonly TermCondition Unknown = new Constant(TermDecision.Maybe);

    public abstract TermDecision Decide(IArticleTerms article);

    /// <summary>
    /// Terms of which every article that matches holds at least one, the cheapest such set by
    /// <paramref name="documentFrequency"/> (how many articles hold a term); null when no such set is known
    /// (wildcards, match-all), and empty when nothing can match.
    /// </summary>
    public KeySet? Keys(Func<Term, long> documentFrequency) => KeysOf(documentFrequency);

    internal abstract KeySet? KeysOf(Func<Term, long> documentFrequency);

    /// <summary>Reads a query the way Lucene would match it; anything it does not know stays to the query.</summary>
    public static TermCondition Of(Query query) => query switch
    {
        TermQuery term => new Single(term.Term),
        BooleanQuery boolean => Boolean.Of(boolean),
        // A phrase needs all its words; only their positions are left to the query. One word is a term query.
        PhraseQuery phrase => phrase.GetTerms() switch
        {
            [] => Nothing,
            [var only] => new Single(only),
            var terms => new Positions(terms.Select(t => (TermCondition)new Single(t)).ToList()),
        },
        MultiPhraseQuery multi => multi.GetTermArrays() is { Count: > 0 } positions
            ? new Positions(positions.Select(p => p.Length == 0 ? Nothing : Boolean.AnyOf(p.Select(t => (TermCondition)new Single(t)).ToList())).ToList())
            : Nothing,
        // A prefix matches the articles that hold any term starting with it: the terms decide, but name no key.
        PrefixQuery prefix => new Prefix(prefix.Prefix),
        MatchAllDocsQuery => Everything,
        FilteredQuery filtered => Boolean.AllOf([Of(filtered.Query), filtered.Filter is QueryWrapperFilter wrapper ? Of(wrapper.Query) : Unknown]),
        _ => Unknown,
    };

    /// <summary>A candidate set of keys and what it costs: the articles that hold any of them, at most.</summary>
    public sealed class KeySet(IReadOnlyList<Term> terms, long cost)
    {
        public IReadOnlyList<Term> Terms { get; } = terms;
        public long Cost { get; } = cost;

        /// <summary>
        /// Fewer articles first. Where frequencies cannot tell (an empty index, words it has never seen), the set whose
        /// shortest word is longest, then the smallest set: long words tend to be rare.
        /// </summary>
        public bool IsCheaperThan(KeySet other)
        {
            if (Cost != other.Cost) return Cost < other.Cost;
            int Shortest(KeySet s) => s.Terms.Count == 0 ? int.MaxValue : s.Terms.Min(t => t.Bytes.Length);
            if (Shortest(this) != Shortest(other)) return Shortest(this) > Shortest(other);
            return Terms.Count < other.Terms.Count;
        }

        public static KeySet? Cheapest(IEnumerable<KeySet?> sets) =>
            sets.Aggregate((KeySet?)null, (best, s) => s is not null && (best is null || s.IsCheaperThan(best)) ? s : best);

        public static KeySet Union(IEnumerable<KeySet> sets)
        {
            var list = sets.ToList();
            return new KeySet(list.SelectMany(s => s.Terms).Distinct().ToList(), list.Sum(s => s.Cost));
        }
    }

    private sealed class Constant(TermDecision decision) : TermCondition
    {
        public override TermDecision Decide(IArticleTerms article) => decision;

        internal override KeySet? KeysOf(Func<Term, long> documentFrequency) =>
            decision == TermDecision.No ? new KeySet([], 0) : null;
    }

    private sealed class Single(Term term) : TermCondition
    {
        public override TermDecision Decide(IArticleTerms article) => article.Has(term) ? TermDecision.Yes : TermDecision.No;

        internal override KeySet KeysOf(Func<Term, long> documentFrequency) => new([term], documentFrequency(term));
    }

    private sealed class Prefix(Term prefix) : TermCondition
    {
        public override TermDecision Decide(IArticleTerms article) => article.HasPrefix(prefix) ? TermDecision.Yes : TermDecision.No;

        internal override KeySet? KeysOf(Func<Term, long> documentFrequency) => null;
    }

    /// <summary>Every part must be there, and then the query decides (a phrase: where the words stand).</summary>
    private sealed class Positions(IReadOnlyList<TermCondition> parts) : TermCondition
    {
        public override TermDecision Decide(IArticleTerms article) =>
            parts.Any(p => p.Decide(article) == TermDecision.No) ? TermDecision.No : TermDecision.Maybe;

        internal override KeySet? KeysOf(Func<Term, long> documentFrequency) => KeySet.Cheapest(parts.Select(p => p.KeysOf(documentFrequency)));
    }

    /// <summary>
    /// Lucene's boolean query: every required clause, at least <c>minimumShould</c> optional ones (at least one when
    /// nothing is required), no prohibited one; with neither required nor optional clauses, no document at all.
    /// </summary>
    private sealed class Boolean(IReadOnlyList<TermCondition> must, IReadOnlyList<TermCondition> should, IReadOnlyList<TermCondition> mustNot, int minimumShould) : TermCondition
    {
        public static TermCondition Of(BooleanQuery query)
        {
            List<TermCondition> Clauses(Occur occur) => query.Clauses.Where(c => c.Occur == occur).Select(c => TermCondition.Of(c.Query)).ToList();
            return new Boolean(Clauses(Occur.MUST), Clauses(Occur.SHOULD), Clauses(Occur.MUST_NOT), query.MinimumNumberShouldMatch);
        }

        public static TermCondition AllOf(IReadOnlyList<TermCondition> parts) => new Boolean(parts, [], [], 0);

        public static TermCondition AnyOf(IReadOnlyList<TermCondition> parts) => new Boolean([], parts, [], 0);

        private int ShouldNeeded => must.Count == 0 ? Math.Max(1, minimumShould) : minimumShould;

        public override TermDecision Decide(IArticleTerms article)
        {
            if (must.Count == 0 && should.Count == 0) return TermDecision.No;
            var result = TermDecision.Yes;
            foreach (var part in must)
            {
                var decision = part.Decide(article);
                if (decision == TermDecision.No) return TermDecision.No;
                if (decision == TermDecision.Maybe) result = TermDecision.Maybe;
            }
            foreach (var part in mustNot)
            {
                var decision = part.Decide(article);
                if (decision == TermDecision.Yes) return TermDecision.No;
                if (decision == TermDecision.Maybe) result = TermDecision.Maybe;
            }
            var needed = ShouldNeeded;
            if (needed == 0) return result;
            int yes = 0, maybe = 0;
            foreach (var part in should)
            {
                var decision = part.Decide(article);
                if (decision == TermDecision.Yes && ++yes >= needed) return result;
                if (decision == TermDecision.Maybe) maybe++;
            }
            return yes + maybe < needed ? TermDecision.No : TermDecision.Maybe;
        }

        internal override KeySet? KeysOf(Func<Term, long> documentFrequency)
        {
            if (must.Count == 0 && should.Count == 0) return new KeySet([], 0);
            var options = must.Select(m => m.KeysOf(documentFrequency)).ToList();
            if (ShouldNeeded > 0)
            {
                // Some optional clause must match: all of their keys together are one more option.
                var optional = should.Select(s => s.KeysOf(documentFrequency)).ToList();
                if (optional.All(k => k is not null)) options.Add(KeySet.Union(optional!));
            }
            // Exclusions never say what an article holds.
            return KeySet.Cheapest(options);
        }
    }
}
