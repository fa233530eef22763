using System.Text.Json;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// Reads JSON Feed 1.0 and 1.1, one item and one field at a time: a publisher's mistake in one item (a title that
/// is an array, a date that is a number, a null in <c>items</c>) costs that field or that item, named in a warning,
/// never the feed's other items.
/// </summary>
internal static class JsonFeedReader
{
    private const string VersionPrefix = "https://jsonfeed.org/version/";

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static ParsedFeed Read(string json, Uri feedUrl)
    {
        using var document = Load(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FeedFormatException($"not a feed: the JSON document is {Describe(root)}, not an object");
        var problems = new JsonFeedProblems();
        var fields = new JsonFields(root, "", problems);
        var version = fields.Text("version")?.Trim() ?? "";
        if (!version.StartsWith(VersionPrefix, StringComparison.OrdinalIgnoreCase)
            && !version.StartsWith("http://jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedFormatException("not a feed: JSON without a jsonfeed.org version");
        }
        var language = fields.Text("language");
        var feedAuthor = AuthorName(fields);
        var items = new List<ParsedItem>();
        if (root.TryGetProperty("items", out var itemsElement) && itemsElement.ValueKind != JsonValueKind.Null)
        {
            // Without an items array there is nothing to salvage: the document is not the feed it claims to be.
            if (itemsElement.ValueKind != JsonValueKind.Array)
                throw new FeedFormatException($"not a feed: the JSON Feed's items is {Describe(itemsElement)}, not a list");
            var index = 0;
            foreach (var element in itemsElement.EnumerateArray())
            {
                var path = $"items[{index++}]";
                if (element.ValueKind == JsonValueKind.Object)
                    items.Add(ToItem(new JsonFields(element, path + ".", problems), feedUrl, language, feedAuthor));
                else
                    problems.Add($"{path} is {Describe(element)}, not an item (dropped)");
            }
        }
        return new ParsedFeed(
            $"JSON Feed {version[(version.LastIndexOf('/') + 1)..]}",
            RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(fields.Text("title"))),
            LanguageTag.Read(language),
            null,
            items)
        {
            Warnings = problems.Warning() is { } warning ? [warning] : [],
        };
    }

    private static JsonDocument Load(string json)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new FeedFormatException($"JSON error{where}: {e.Message.Split(" LineNumber:")[0]}", e);
        }
    }

    private static ParsedItem ToItem(JsonFields item, Uri feedUrl, string? feedLanguage, string? feedAuthor)
    {
        var summary = HtmlToText.FromPlainText(item.Text("summary"));
        var html = item.Text("content_html");
        var text = item.Text("content_text");
        var body = !string.IsNullOrWhiteSpace(html) ? HtmlToText.ToText(html)
            : !string.IsNullOrWhiteSpace(text) ? HtmlToText.FromPlainText(text)
            : summary;
        var publishedRaw = RssItemReader.NullIfEmpty(item.Text("date_published")?.Trim())
            ?? RssItemReader.NullIfEmpty(item.Text("date_modified")?.Trim());
        return new ParsedItem(
            Guid: item.Id(),
            Link: LinkResolver.Resolve(item.Text("url") ?? item.Text("external_url"), feedUrl),
            Title: RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(item.Text("title"))),
            Published: FeedDateParser.Parse(publishedRaw),
            PublishedRaw: publishedRaw,
            Author: AuthorName(item) ?? feedAuthor,
            Summary: RssItemReader.NullIfEmpty(summary),
            Body: body,
            Language: LanguageTag.Read(item.Text("language")) ?? LanguageTag.Read(feedLanguage));
    }

    // JSON Feed 1.1 has "authors"; 1.0 had a single "author".
    private static string? AuthorName(JsonFields fields)
    {
        var names = fields.Authors("authors") ?? fields.Authors("author") ?? [];
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };
}
