using System.Text;
using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>
/// Highlights a hit from the character offsets its postings keep (<see cref="ArticleDocument"/>), without analysing
/// its title and body again as Lucene's classic Highlighter does (that was most of the time a search took). Words
/// and exact phrases are marked where they occur (a phrase's words only where they form the phrase); the snippet
/// is the window of the body holding the most different query words, the earliest of equals.
/// </summary>
/// <remarks>
/// Queries it cannot follow from the postings alone (prefixes, wildcards, sloppy phrases) get <see cref="For"/> =
/// null and the classic <see cref="SnippetHighlighter"/>, which expands them against the text.
/// </remarks>
public sealed class OffsetHighlighter
{
    private readonly IReadOnlyList<Clause> _title;
    private readonly IReadOnlyList<Clause> _body;
    private readonly int _snippetLength;

    private OffsetHighlighter(IReadOnlyList<Clause> title, IReadOnlyList<Clause> body, int snippetLength)
    {
        _title = title;
        _body = body;
        _snippetLength = snippetLength;
    }

    /// <summary>A highlighter for <paramref name="query"/>, or null when its parts need the classic one.</summary>
    public static OffsetHighlighter? For(Query query, int snippetLength)
    {
        var clauses = new List<Clause>();
        if (!Collect(query, clauses)) return null;
        return new OffsetHighlighter(
            clauses.Where(c => c.Field == ArticleFields.Title).ToList(),
            clauses.Where(c => c.Field == ArticleFields.Body).ToList(),
            snippetLength);
    }

    /// <summary>The title with its matches marked, and the body's best passage; null when the segment has no offsets.</summary>
    public (string Title, string Snippet)? Highlight(AtomicReaderContext leaf, int doc, string title, string body)
    {
        var inTitle = Matches(leaf, doc, ArticleFields.Title, _title);
        var inBody = Matches(leaf, doc, ArticleFields.Body, _body);
        if (inTitle is null || inBody is null) return null;
        var highlightedTitle = inTitle.Count == 0 ? SnippetHighlighter.Escape(title) : Mark(title, 0, title.Length, inTitle);
        return (highlightedTitle, BestPassage(body, inBody));
    }

    /// <summary>
    /// The body's best passage from the occurrences of its words that the caller read in its own analysis of it (the
    /// alert percolator's, made while matching): the snippet /search shows for the same document, with no index.
    /// </summary>
    /// <param name="occurrences">Where the body holds a term: (position, start offset, end offset), in text order.</param>
    public string Snippet(string body, Func<BytesRef, List<(int Position, int Start, int End)>> occurrences) =>
        BestPassage(body, Matches(_body, (clause, term) => occurrences(_body[clause].Terms[term])));

    private string BestPassage(string body, List<Match> inBody) =>
        inBody.Count == 0 ? SnippetHighlighter.Lead(body, _snippetLength) : Snippet(body, inBody);

    // Required and optional parts are shown alike; excluded words are never in a hit.
    private static bool Collect(Query query, List<Clause> clauses)
    {
        switch (query)
        {
            case BooleanQuery boolean:
                foreach (var clause in boolean.Clauses)
                    if (clause.Occur != Occur.MUST_NOT && !Collect(clause.Query, clauses)) return false;
                return true;
            case TermQuery term:
                clauses.Add(new Clause(term.Term.Field, [BytesRef.DeepCopyOf(term.Term.Bytes)], [0], clauses.Count));
                return true;
            case PhraseQuery { Slop: 0 } phrase:
                var terms = phrase.GetTerms();
                if (terms.Length == 0) return true;
                if (terms.Select(t => t.Field).Distinct().Count() != 1) return false;
                clauses.Add(new Clause(terms[0].Field, terms.Select(t => BytesRef.DeepCopyOf(t.Bytes)).ToArray(), phrase.GetPositions(), clauses.Count));
                return true;
            case MatchAllDocsQuery:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Where the clauses match in one field of one document, in text order; null without offsets.</summary>
    private List<Match>? Matches(AtomicReaderContext leaf, int doc, string field, IReadOnlyList<Clause> clauses)
    {
        if (clauses.Count == 0) return [];
        var postings = Postings(leaf, field, clauses);
        if (postings is null) return [];
        if (!postings.HasOffsets) return null;
        return Matches(clauses, (clause, term) => postings.Occurrences(clause, term, doc));
    }

    /// <summary>Where the clauses match, in text order, given where each clause's words occur.</summary>
    private static List<Match> Matches(IReadOnlyList<Clause> clauses, Func<int, int, List<(int Position, int Start, int End)>> occurrencesOf)
    {
        var found = new List<Match>();
        for (var c = 0; c < clauses.Count; c++)
        {
            var clause = clauses[c];
            // Each word's occurrences (position, start, end); a phrase matches where every word sits at its place.
            var occurrences = new List<(int Position, int Start, int End)>[clause.Terms.Length];
            var present = true;
            for (var i = 0; i < clause.Terms.Length && present; i++)
            {
                occurrences[i] = occurrencesOf(c, i);
                present = occurrences[i].Count > 0;
            }
            if (!present) continue;
            if (clause.Terms.Length == 1)
            {
                foreach (var o in occurrences[0]) found.Add(new Match(o.Start, o.End, clause.Id));
                continue;
            }
            var positions = occurrences.Select(list => list.ToDictionary(o => o.Position, o => (o.Start, o.End))).ToArray();
            foreach (var first in occurrences[0])
            {
                var origin = first.Position - clause.Positions[0];
                var spans = new List<(int Start, int End)>(clause.Terms.Length);
                for (var i = 0; i < clause.Terms.Length && positions[i].TryGetValue(origin + clause.Positions[i], out var span); i++)
                    spans.Add(span);
                if (spans.Count == clause.Terms.Length)
                    foreach (var span in spans) found.Add(new Match(span.Start, span.End, clause.Id));
            }
        }
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        return found;
    }

    /// <summary>One segment's postings of one field, looked up once per page of hits (a seek costs more than reading a hit).</summary>
    private FieldPostings? Postings(AtomicReaderContext leaf, string field, IReadOnlyList<Clause> clauses)
    {
        var key = (leaf.Ord, field);
        if (_postings.TryGetValue(key, out var cached)) return cached;
        var terms = leaf.AtomicReader.GetTerms(field);
        return _postings[key] = terms is null ? null : new FieldPostings(terms, clauses);
    }

    private readonly Dictionary<(int Segment, string Field), FieldPostings?> _postings = [];

    private sealed class FieldPostings
    {
        private readonly TermsEnum _terms;
        // Where each clause's words are in the term dictionary: null for a word the segment lacks.
        private readonly TermState?[][] _states;
        private readonly BytesRef[][] _words;
        private DocsAndPositionsEnum? _reuse;

        public FieldPostings(Terms terms, IReadOnlyList<Clause> clauses)
        {
            HasOffsets = terms.HasOffsets;
            _terms = terms.GetEnumerator();
            _words = clauses.Select(clause => clause.Terms).ToArray();
            _states = clauses.Select(clause => clause.Terms.Select(term => _terms.SeekExact(term) ? _terms.GetTermState() : null).ToArray()).ToArray();
        }

        public bool HasOffsets { get; }

        public List<(int Position, int Start, int End)> Occurrences(int clause, int term, int doc)
        {
            var found = new List<(int, int, int)>();
            if (_states[clause][term] is not { } state) return found;
            _terms.SeekExact(_words[clause][term], state);
            var postings = _reuse = _terms.DocsAndPositions(null, _reuse, DocsAndPositionsFlags.OFFSETS);
            if (postings is null || postings.Advance(doc) != doc) return found;
            for (var n = postings.Freq; n > 0; n--)
            {
                var position = postings.NextPosition();
                found.Add((position, postings.StartOffset, postings.EndOffset));
            }
            return found;
        }
    }

    /// <summary>
    /// The window of about the snippet length that holds the most different clauses (earliest of equals), opened a
    /// little before its first match at a word boundary and closed at one after its last.
    /// </summary>
    private string Snippet(string body, List<Match> matches)
    {
        int bestFirst = 0, bestLast = 0, bestScore = -1;
        var seen = new HashSet<int>();
        for (var first = 0; first < matches.Count; first++)
        {
            seen.Clear();
            var last = first;
            for (var j = first; j < matches.Count && matches[j].End - matches[first].Start <= _snippetLength; j++)
            {
                seen.Add(matches[j].Clause);
                last = j;
            }
            if (seen.Count > bestScore)
            {
                (bestFirst, bestLast, bestScore) = (first, last, seen.Count);
            }
        }
        var matchStart = matches[bestFirst].Start;
        var matchEnd = matches.Take(bestLast + 1).Max(m => m.End);
        // Context before the first match: a quarter of what the matches leave free, from a word's start.
        var start = Math.Max(0, matchStart - Math.Max(0, _snippetLength - (matchEnd - matchStart)) / 4);
        if (start > 0)
        {
            var space = body.IndexOf(' ', start);
            start = space >= 0 && space < matchStart ? space + 1 : matchStart;
        }
        var end = Math.Min(body.Length, Math.Max(matchEnd, start + _snippetLength));
        if (end < body.Length)
        {
            var space = body.LastIndexOf(' ', end);
            end = space >= matchEnd ? space : matchEnd;
        }
        var marked = Mark(body, start, end, matches);
        return (start > 0 ? "…" : "") + marked.Trim() + (end < body.Length ? "…" : "");
    }

    /// <summary>text[start..end] HTML-escaped, every match inside it in &lt;mark&gt; (overlapping ones as one).</summary>
    private static string Mark(string text, int start, int end, List<Match> matches)
    {
        var builder = new StringBuilder(end - start + 32);
        var at = start;
        var i = 0;
        while (i < matches.Count)
        {
            var from = matches[i].Start;
            var to = matches[i].End;
            i++;
            if (from < at || to > end || to > text.Length) continue;
            while (i < matches.Count && matches[i].Start < to)
            {
                to = Math.Max(to, Math.Min(matches[i].End, end));
                i++;
            }
            builder.Append(SnippetHighlighter.Escape(text[at..from])).Append("<mark>").Append(SnippetHighlighter.Escape(text[from..to])).Append("</mark>");
            at = to;
        }
        return builder.Append(SnippetHighlighter.Escape(text[at..end])).ToString();
    }

    /// <param name="Positions">Each word's place in a phrase (one word: 0).</param>
    /// <param name="Id">Which clause of the query, so a window counts different words, not repeats.</param>
    private sealed record Clause(string Field, BytesRef[] Terms, int[] Positions, int Id);

    private readonly record struct Match(int Start, int End, int Clause);
}
