using System.Runtime.CompilerServices;
using Indexer.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>
/// A feed id as it is written where articles carry it. Feed ids are unique ignoring case (feeds.json refuses two
/// that differ only in case), so feed=RSS, feed:RSS and an alert's "feed": "RSS" all name the feed "rss"; but the
/// index holds each id as it was configured, and a term matches only exactly, so such a filter found nothing.
/// </summary>
public sealed class FeedIdSpelling
{
    // Computed once per reader, the first time a search on it names a feed: a few hundred ids at most.
    private static readonly ConditionalWeakTable<IndexReader, FeedIdSpelling> InReader = new();

    private readonly HashSet<string> _exact;
    private readonly Dictionary<string, string> _ignoringCase = new(StringComparer.OrdinalIgnoreCase);

    private FeedIdSpelling(IEnumerable<string> ids)
    {
        _exact = new HashSet<string>(ids, StringComparer.Ordinal);
        foreach (var id in _exact.Order(StringComparer.Ordinal)) _ignoringCase.TryAdd(id, id);
    }

    /// <summary>The spellings of these ids (the configured feeds').</summary>
    public static FeedIdSpelling Of(IEnumerable<string> ids) => new(ids);

    /// <summary>The spellings the index's articles carry.</summary>
    public static FeedIdSpelling Of(IndexReader reader) => InReader.GetValue(reader, r => new FeedIdSpelling(Ids(r)));

    /// <summary>
    /// The id as held: exactly as given when it is held so (a feed whose id changed only in case keeps its old
    /// articles under the old spelling), else the held id that differs only in case, else as given.
    /// </summary>
    public string Spell(string id) => _exact.Contains(id) ? id : _ignoringCase.GetValueOrDefault(id, id);

    /// <summary>Whether this id, in any case, is one of those held.</summary>
    public bool Holds(string id) => _ignoringCase.ContainsKey(id);

    /// <summary>The request with its feed filter in the spelling held.</summary>
    public SearchRequest Respell(SearchRequest request) =>
        request.Feeds.Count == 0 ? request : request with { Feeds = [.. request.Feeds.Select(Spell).Distinct(StringComparer.Ordinal)] };

    private static IEnumerable<string> Ids(IndexReader reader)
    {
        var terms = MultiFields.GetTerms(reader, ArticleFields.FeedId);
        if (terms is null) yield break;
        var e = terms.GetEnumerator();
        while (e.MoveNext()) yield return e.Term.Utf8ToString();
    }
}
