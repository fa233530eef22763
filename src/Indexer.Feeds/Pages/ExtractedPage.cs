namespace Indexer.Feeds.Pages;

/// <summary>What a news page says about its story: the text and the metadata around it.</summary>
/// <param name="Text">The story as plain text, one paragraph per line, Gujarati exactly as the page has it.</param>
/// <param name="Source">Where the text came from: the page's markup, or its schema.org <c>articleBody</c>.</param>
public sealed record ExtractedPage(
    string Text,
    string? Title,
    string? Author,
    DateTimeOffset? Published,
    string? ImageUrl,
    string? CanonicalUrl,
    TextSource Source);

/// <summary>Which part of the page the story text was read from.</summary>
public enum TextSource
{
    /// <summary>The page's markup, cleaned and read by SmartReader.</summary>
    Markup,
    /// <summary>The schema.org <c>articleBody</c>, where the markup gave less of the story.</summary>
    JsonLd,
}

/// <summary>The page holds nothing that reads as a story.</summary>
public sealed class PageExtractionException(string message) : Exception(message);
