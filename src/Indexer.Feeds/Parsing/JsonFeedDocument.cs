using System.Text.Json;
using System.Text.Json.Serialization;

namespace Indexer.Feeds.Parsing;

// The JSON Feed 1.0/1.1 fields the indexer uses (https://www.jsonfeed.org/version/1.1/); the rest is ignored.
internal sealed record JsonFeedDocument(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("author")] JsonFeedAuthor? Author,
    [property: JsonPropertyName("authors")] IReadOnlyList<JsonFeedAuthor>? Authors,
    [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem>? Items);

internal sealed record JsonFeedItem(
    // id is a string by the spec, yet numbers are common in the wild; JsonElement takes both.
    [property: JsonPropertyName("id")] JsonElement Id,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("external_url")] string? ExternalUrl,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("content_html")] string? ContentHtml,
    [property: JsonPropertyName("content_text")] string? ContentText,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("date_published")] string? DatePublished,
    [property: JsonPropertyName("date_modified")] string? DateModified,
    [property: JsonPropertyName("author")] JsonFeedAuthor? Author,
    [property: JsonPropertyName("authors")] IReadOnlyList<JsonFeedAuthor>? Authors,
    [property: JsonPropertyName("language")] string? Language);

internal sealed record JsonFeedAuthor([property: JsonPropertyName("name")] string? Name);
