using Indexer.Articles;

namespace Indexer.Storage;

/// <summary>
/// Within one feed, an item under a key (guid, else link) the store has not seen is the article the feed already has when its link
/// and everything stored but the guid are the same. Some publishers make a new guid on every fetch; keyed by guid,
/// each fetch stored the story again, counted it as new in the feed's figures and sent it to the index and the
/// alerts again (audit9 F6c). Such an item changes nothing: the article keeps the guid, item key and id it was
/// first stored under, and since the comparison is made with that stored guid, the next fetch matches it again
/// whatever guid it brings. A feed that reuses one link for another story (other text, title or date) gets another
/// article, as before. The same holds for an item that gains or loses its guid (keyed by its link without one). The
/// store applies the rule, so that every provider keeps it the same way.
/// </summary>
internal sealed class RestatedItems
{
    private readonly Dictionary<(string FeedId, string Url), List<(string? Guid, string ContentHash)>> _byLink = [];

    /// <summary>The links to look up, by feed: those of the drafts the store does not hold under their own id.</summary>
    public static Dictionary<string, string[]> LinksToLookUp(IEnumerable<ArticleDraft> drafts, Func<string, bool> held) =>
        drafts.Where(d => d.Url is not null && !held(d.Id))
            .GroupBy(d => d.FeedId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(d => d.Url!).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>An article of <paramref name="feedId"/> at <paramref name="url"/>, as stored or as written earlier in the batch.</summary>
    public void Add(string feedId, string? url, string? guid, string contentHash)
    {
        if (url is null) return;
        if (!_byLink.TryGetValue((feedId, url), out var versions)) _byLink[(feedId, url)] = versions = [];
        versions.Add((guid, contentHash));
    }

    /// <summary>Whether a draft the store does not hold under its own id is an article of its feed under another guid.</summary>
    public bool Restates(ArticleDraft draft) =>
        draft.Url is not null
        && _byLink.TryGetValue((draft.FeedId, draft.Url), out var versions)
        && versions.Any(v => v.ContentHash == ArticleFactory.ContentHashWithGuid(draft, v.Guid));
}
