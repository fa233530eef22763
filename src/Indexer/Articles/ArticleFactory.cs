using System.Security.Cryptography;
using System.Text;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;

namespace Indexer.Articles;

/// <summary>Turns parsed feed items into article drafts with stable ids and item keys.</summary>
public static class ArticleFactory
{
    public static IReadOnlyList<ArticleDraft> Create(FeedDefinition feed, ParsedFeed parsed)
    {
        var drafts = new List<ArticleDraft>(parsed.Items.Count);
        // The same key twice in one fetch is one article; the last occurrence wins, as it would on a re-fetch.
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in parsed.Items)
        {
            var draft = Create(feed, parsed.Language, item);
            if (positions.TryGetValue(draft.ItemKey, out var at))
                drafts[at] = draft;
            else
            {
                positions[draft.ItemKey] = drafts.Count;
                drafts.Add(draft);
            }
        }
        return drafts;
    }

    public static ArticleDraft Create(FeedDefinition feed, string? feedLanguage, ParsedItem item)
    {
        var title = Clean(item.Title) ?? FirstLine(item.Body) ?? "";
        var body = item.Body.Trim();
        var guid = Clean(item.Guid);
        var url = Clean(item.Link);
        var itemKey = guid is not null ? "guid:" + guid
            : url is not null ? "link:" + url
            : "hash:" + Hash(title + "\n" + body);
        var language = (Clean(item.Language) ?? Clean(feedLanguage) ?? feed.Language).ToLowerInvariant();
        var published = item.Published?.ToUniversalTime();
        var author = Clean(item.Author);
        var wantsPage = WantsPage(feed.FullText, url, body);
        // The feed's own text stays as the summary when the page's story becomes the body.
        var summary = Clean(item.Summary) ?? (wantsPage ? Clean(body) : null);
        var contentHash = ContentHash(title, url, published, author, summary, body, language, guid, wantsPage);
        return new ArticleDraft(ArticleId(feed.Id, itemKey), feed.Id, itemKey, guid, title, url, published, author, summary, body, language, contentHash, wantsPage);
    }

    /// <summary>
    /// The content hash the draft would have if its item carried <paramref name="guid"/>: equal to a stored
    /// article's hash, for that article's guid, exactly when nothing but the guid tells the two apart.
    /// </summary>
    public static string ContentHashWithGuid(ArticleDraft draft, string? guid) =>
        ContentHash(draft.Title, draft.Url, draft.Published, draft.Author, draft.Summary, draft.Body, draft.Language, guid, draft.WantsPage);

    /// <summary>Whether the stored article with <paramref name="storedHash"/> already is this draft's item, so nothing is written.</summary>
    public static bool IsUnchanged(ArticleDraft draft, string storedHash) =>
        storedHash == draft.ContentHash || SameItemUnderOtherMode(draft, storedHash);

    /// <summary>
    /// Whether <paramref name="storedHash"/> is the draft's item as the feed's other fullText mode hashed it: the same
    /// item, only the operator switched the feed between never and auto/always. Such an item has not changed: the
    /// article keeps what it has (the story read from its page under auto; the feed's text under never, with no page
    /// queued) until the item itself changes. Counted as changed, a switch to never wrote every stored story over with
    /// the feed's sentence at the next changed fetch, and the switch back fetched every page again (audit10 F6).
    /// </summary>
    private static bool SameItemUnderOtherMode(ArticleDraft draft, string storedHash)
    {
        // The mode also decides the summary: the feed's text when the page is wanted and the item has no summary of its own.
        string?[] summaries = draft.WantsPage
            ? draft.Summary == Clean(draft.Body) ? [draft.Summary, null] : [draft.Summary]
            : draft.Summary is null ? [Clean(draft.Body)] : [draft.Summary];
        return summaries.Any(summary => storedHash ==
            ContentHash(draft.Title, draft.Url, draft.Published, draft.Author, summary, draft.Body, draft.Language, draft.Guid, !draft.WantsPage));
    }

    private static string ContentHash(string title, string? url, DateTimeOffset? published, string? author, string? summary,
        string body, string language, string? guid, bool wantsPage)
    {
        // Articles that want no page hash as they did before pages existed, so an upgrade rewrites none of them.
        string?[] fields = [title, url, published?.ToString("O"), author, summary, body, language, guid];
        return Hash(wantsPage ? [.. fields, "page"] : fields);
    }

    /// <summary>Under "auto", a feed text shorter than this is a summary, not the story.</summary>
    public const int ShortBody = 500;

    /// <summary>Whether the item's story should come from its page: a link to fetch, and the feed's fullText rule.</summary>
    public static bool WantsPage(FullTextMode mode, string? url, string body) =>
        mode != FullTextMode.Never
        && Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Scheme is "http" or "https"
        && (mode == FullTextMode.Always || body.Length < ShortBody || LooksCutOff(body));

    /// <summary>Ends in an ellipsis or a "read more" link text: the feed gives the start of the story only.</summary>
    private static bool LooksCutOff(string body)
    {
        var end = body.TrimEnd().TrimEnd('.', ']', ')', '»', '›', '>', ' ', '\u00A0');
        return body.TrimEnd().EndsWith("...", StringComparison.Ordinal) || body.TrimEnd().EndsWith('…') || body.TrimEnd().EndsWith("[…]", StringComparison.Ordinal)
            || ReadMore.Any(r => end.EndsWith(r, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] ReadMore = ["read more", "continue reading", "read full story", "વધુ વાંચો", "આગળ વાંચો", "વાંચો"];

    /// <summary>A short, URL-safe id that stays the same for the same feed item across fetches and restarts.</summary>
    public static string ArticleId(string feedId, string itemKey) => Hash(feedId + "\n" + itemKey)[..20];

    private static string Hash(string text) => Hash([text]);

    private const byte FieldSeparator = 0x1f;

    /// <summary>
    /// SHA-256 of the parts' UTF-8 joined by U+001F (null as empty), in hex: the hash of <c>string.Join</c>, which
    /// stored hashes were made with, without building the joined text and its bytes: two copies of every article's
    /// text that, with the hash itself, took 3 % of the service's CPU during an ingest.
    /// </summary>
    private static string Hash(ReadOnlySpan<string?> parts)
    {
        var length = Math.Max(0, parts.Length - 1);
        foreach (var part in parts)
            length += part is null ? 0 : Encoding.UTF8.GetByteCount(part);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0) buffer[at++] = FieldSeparator;
                if (parts[i] is { } part) at += Encoding.UTF8.GetBytes(part, buffer.AsSpan(at));
            }
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, at), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? FirstLine(string body)
    {
        var line = body.AsSpan().Trim();
        var end = line.IndexOf('\n');
        return Clean((end < 0 ? line : line[..end]).ToString());
    }
}
