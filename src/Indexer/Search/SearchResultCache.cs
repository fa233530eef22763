using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Indexer.Search;

/// <summary>
/// The collected results (top hits, total, feed counts) of recent searches on the searcher now open, as Solr's
/// queryResultCache keeps them: a reader paging through a query, or many readers asking for the day's story, do not
/// score every match again, nor show the same hit twice. Everything is dropped when a
/// refresh opens a new searcher, so a cached answer is never older than what an uncached one would see.
/// </summary>
internal sealed class SearchResultCache(int capacity)
{
    /// <summary>How many hits a search collects when its result is to be cached: the first five pages of ten.</summary>
    public const int Depth = 50;

    private Generation _current = new(null);

    public bool Enabled => capacity > 0;

    /// <summary>The cached result for <paramref name="key"/> on this reader, if it holds the <paramref name="wanted"/> best hits.</summary>
    public CachedSearch? Get(IndexReader reader, SearchKey key, int wanted)
    {
        var generation = Volatile.Read(ref _current);
        if (!Enabled || !ReferenceEquals(generation.Reader, reader)) return null;
        return generation.Entries.TryGetValue(key, out var cached) && (cached.Top.Length >= wanted || cached.Top.Length >= cached.Total)
            ? cached
            : null;
    }

    public void Put(IndexReader reader, SearchKey key, CachedSearch result)
    {
        if (!Enabled || result.Top.Length > Depth) return;
        var generation = Volatile.Read(ref _current);
        if (!ReferenceEquals(generation.Reader, reader))
        {
            var next = new Generation(reader);
            generation = Interlocked.CompareExchange(ref _current, next, generation) == generation ? next : Volatile.Read(ref _current);
            if (!ReferenceEquals(generation.Reader, reader)) return;
        }
        // Full: start over rather than track recency; the searches asked often come back within a few requests.
        if (generation.Entries.Count >= capacity) generation.Entries.Clear();
        generation.Entries[key] = result;
    }

    private sealed class Generation(IndexReader? reader)
    {
        public IndexReader? Reader { get; } = reader;
        public ConcurrentDictionary<SearchKey, CachedSearch> Entries { get; } = new();
    }
}

/// <summary>What makes two searches the same, apart from the page.</summary>
internal readonly record struct SearchKey(string Query, string Feeds, long? From, long? To, string? Language, bool NewestFirst)
{
    public static SearchKey Of(SearchRequest request, bool newestFirst) => new(request.Query, string.Join('\n', request.Feeds),
        request.From?.ToUnixTimeMilliseconds(), request.To?.ToUnixTimeMilliseconds(), request.Language, newestFirst);
}

/// <param name="Query">The query that ran (the OR retry's, when AND found nothing), for highlighting.</param>
/// <param name="Top">The best hits in order, as many as were collected.</param>
/// <param name="Reading">What the query's Latin words were read as in the first of them.</param>
internal sealed record CachedSearch(Query Query, string Operator, ScoreDoc[] Top, long Total, IReadOnlyDictionary<string, long> FeedCounts, LatinReading Reading)
{
    /// <summary>
    /// Hits already shown, by document: a hit's fields and snippet depend only on the document, the query and the
    /// searcher, so a page asked again costs no record reads or highlighting (those were most of what a search
    /// from the cache allocated, and so of the collections that pause every search). At most <see cref="SearchResultCache.Depth"/>.
    /// </summary>
    public ConcurrentDictionary<int, SearchHit> Shown { get; } = new();
}
