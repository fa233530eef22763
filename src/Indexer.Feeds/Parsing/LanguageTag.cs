namespace Indexer.Feeds.Parsing;

/// <summary>
/// A language as a feed declares it (RSS language, dc:language, xml:lang, JSON Feed language), kept only when it is
/// shaped like a language tag. The tag becomes a term of the article's index document and a search filter: a hostile
/// feed's 40,000-letter "language" made Lucene refuse every one of its articles as an immense term.
/// </summary>
public static class LanguageTag
{
    /// <summary>RFC 5646's advice to implementations: tags of up to 35 characters cover every real language.</summary>
    public const int MaxLength = 35;

    /// <summary>The tag with '_' read as '-' (gu_IN is gu-IN); null when absent or not a language tag.</summary>
    public static string? Read(string? declared) =>
        declared?.Trim().Replace('_', '-') is { } tag && IsValid(tag) ? tag : null;

    /// <summary>2 to 35 ASCII letters, digits and hyphens: what feeds.json accepts as a feed's language too (Configuration/FeedsFile).</summary>
    public static bool IsValid(string tag) =>
        tag.Length is >= 2 and <= MaxLength && tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
