using System.Text.Json;

namespace Indexer.Feeds.Parsing;

/// <summary>Reads JSON Feed 1.0 and 1.1.</summary>
internal static class JsonFeedReader
{
    private const string VersionPrefix = "https://jsonfeed.org/version/";

    private static readonly JsonSerializerOptions Options = new()
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static ParsedFeed Read(string json, Uri feedUrl)
    {
        var document = Deserialize(json);
        var version = document.Version?.Trim() ?? "";
        if (!version.StartsWith(VersionPrefix, StringComparison.OrdinalIgnoreCase)
            && !version.StartsWith("http://jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedFormatException("not a feed: JSON without a jsonfeed.org version");
        }
        var feedAuthor = AuthorName(document.Authors, document.Author);
        var items = (document.Items ?? []).Select(item => ToItem(item, feedUrl, document.Language, feedAuthor)).ToList();
        return new ParsedFeed(
            $"JSON Feed {version[(version.LastIndexOf('/') + 1)..]}",
            RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(document.Title)),
            LanguageTag.Read(document.Language),
            null,
            items);
    }

    private static JsonFeedDocument Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JsonFeedDocument>(json, Options)
                ?? throw new FeedFormatException("not a feed: the JSON document is null");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new FeedFormatException($"JSON error{where}: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    private static ParsedItem ToItem(JsonFeedItem item, Uri feedUrl, string? feedLanguage, string? feedAuthor)
    {
        var summary = HtmlToText.FromPlainText(item.Summary);
        var body = !string.IsNullOrWhiteSpace(item.ContentHtml) ? HtmlToText.ToText(item.ContentHtml)
            : !string.IsNullOrWhiteSpace(item.ContentText) ? HtmlToText.FromPlainText(item.ContentText)
            : summary;
        var publishedRaw = RssItemReader.NullIfEmpty(item.DatePublished?.Trim()) ?? RssItemReader.NullIfEmpty(item.DateModified?.Trim());
        return new ParsedItem(
            Guid: Id(item.Id),
            Link: LinkResolver.Resolve(item.Url ?? item.ExternalUrl, feedUrl),
            Title: RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(item.Title)),
            Published: FeedDateParser.Parse(publishedRaw),
            PublishedRaw: publishedRaw,
            Author: AuthorName(item.Authors, item.Author) ?? feedAuthor,
            Summary: RssItemReader.NullIfEmpty(summary),
            Body: body,
            Language: LanguageTag.Read(item.Language) ?? LanguageTag.Read(feedLanguage));
    }

    private static string? Id(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String => RssItemReader.NullIfEmpty(id.GetString()?.Trim()),
        JsonValueKind.Number => id.GetRawText(),
        _ => null,
    };

    // JSON Feed 1.1 has "authors"; 1.0 had a single "author".
    private static string? AuthorName(IReadOnlyList<JsonFeedAuthor>? authors, JsonFeedAuthor? author)
    {
        var names = (authors ?? (author is null ? [] : [author]))
            .Select(a => a.Name?.Trim())
            .Where(n => !string.IsNullOrEmpty(n))
            .ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }
}
