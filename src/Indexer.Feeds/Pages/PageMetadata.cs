using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Indexer.Feeds.Pages;

/// <summary>
/// The story's metadata as publishers declare it: schema.org JSON-LD first (NewsArticle, Article and their kin,
/// also inside @graph), then OpenGraph and article:* meta tags, then the page's own markup (rel=canonical,
/// time[datetime], author links).
/// </summary>
internal sealed record PageMetadata(
    string? Title, string? Author, DateTimeOffset? Published, string? ImageUrl, string? CanonicalUrl, string? ArticleBody)
    // ArticleBody is kept as the publisher wrote it (line breaks, sometimes markup); the extractor reads it.
{
    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
        "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "TechArticle", "Report", "ScholarlyArticle",
    };

    public static PageMetadata Read(IHtmlDocument document, Uri url)
    {
        var ld = FindArticleJsonLd(document);
        var title = Text(ld, "headline") ?? Meta(document, "og:title") ?? Meta(document, "twitter:title");
        var author = LdAuthor(ld) ?? NotUrl(Meta(document, "author")) ?? NotUrl(Meta(document, "article:author")) ?? AuthorInMarkup(document);
        var published = Date(Text(ld, "datePublished")) ?? Date(Meta(document, "article:published_time"))
            ?? Date(Meta(document, "og:published_time")) ?? Date(Meta(document, "datePublished"))
            ?? Date(document.QuerySelector("[itemprop=datePublished]")?.GetAttribute("content"))
            ?? Date(document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));
        var image = Resolve(url, LdImage(ld)) ?? Resolve(url, Meta(document, "og:image")) ?? Resolve(url, Meta(document, "twitter:image"));
        var canonical = Resolve(url, document.QuerySelector("link[rel~=canonical]")?.GetAttribute("href"))
            ?? Resolve(url, Meta(document, "og:url")) ?? Resolve(url, Text(ld, "url")) ?? Resolve(url, LdMainEntity(ld));
        var body = ld is { } e && e.TryGetProperty("articleBody", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        return new PageMetadata(title, author, published, image, canonical, string.IsNullOrWhiteSpace(body) ? null : body);
    }

    /// <summary>The first JSON-LD object of an article type, looking into arrays and @graph; malformed blocks are skipped.</summary>
    private static JsonElement? FindArticleJsonLd(IHtmlDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json' i]"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (FindArticle(json.RootElement) is { } found)
                    return found.Clone();
            }
            catch (JsonException)
            {
                // Publishers' JSON-LD is hand-templated and often broken; the meta tags still speak.
            }
        }
        return null;
    }

    private static JsonElement? FindArticle(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (FindArticle(item) is { } found) return found;
                return null;
            case JsonValueKind.Object:
                if (element.TryGetProperty("@type", out var type) && Types(type).Any(ArticleTypes.Contains))
                    return element;
                return element.TryGetProperty("@graph", out var graph) ? FindArticle(graph) : null;
            default:
                return null;
        }
    }

    private static IEnumerable<string> Types(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => [type.GetString()!],
        JsonValueKind.Array => type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!),
        _ => [],
    };

    private static string? Text(JsonElement? ld, string name) =>
        ld is { } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Clean(value.GetString()) : null;

    private static string? LdAuthor(JsonElement? ld)
    {
        if (ld is not { } e || !e.TryGetProperty("author", out var author)) return null;
        var names = (author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToList() : [author])
            .Select(a => a.ValueKind switch
            {
                JsonValueKind.String => Clean(a.GetString()),
                JsonValueKind.Object when a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => Clean(n.GetString()),
                _ => null,
            })
            .OfType<string>()
            .Distinct()
            .ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static string? LdImage(JsonElement? ld)
    {
        if (ld is not { } e || !e.TryGetProperty("image", out var image)) return null;
        if (image.ValueKind == JsonValueKind.Array) image = image.EnumerateArray().FirstOrDefault();
        return image.ValueKind switch
        {
            JsonValueKind.String => image.GetString(),
            JsonValueKind.Object when image.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String => u.GetString(),
            _ => null,
        };
    }

    private static string? LdMainEntity(JsonElement? ld)
    {
        if (ld is not { } e || !e.TryGetProperty("mainEntityOfPage", out var main)) return null;
        return main.ValueKind switch
        {
            JsonValueKind.String => main.GetString(),
            JsonValueKind.Object when main.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
            _ => null,
        };
    }

    private static string? Meta(IHtmlDocument document, string name)
    {
        foreach (var meta in document.QuerySelectorAll("meta[content]"))
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && Clean(meta.GetAttribute("content")) is { } value)
                return value;
        }
        return null;
    }

    /// <summary>A byline link (rel=author, an /author/ page, itemprop=author): its text is the name without "By".</summary>
    private static string? AuthorInMarkup(IHtmlDocument document)
    {
        var element = document.QuerySelector("[itemprop=author] [itemprop=name]") ?? document.QuerySelector("a[rel~=author]")
            ?? document.QuerySelector("a[href*='/author/']") ?? document.QuerySelector("[itemprop=author]");
        return Clean(element?.TextContent) is { Length: <= 100 } name ? name : null;
    }

    /// <summary>article:author is often a profile URL; that is not a name.</summary>
    private static string? NotUrl(string? value) =>
        value is null || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static DateTimeOffset? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            && date.Year is > 1990 and < 2200
            ? date.ToUniversalTime()
            : null;
    }

    private static string? Resolve(Uri page, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        return Uri.TryCreate(page, reference.Trim(), out var absolute) && absolute.Scheme is "http" or "https" ? absolute.AbsoluteUri : null;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
