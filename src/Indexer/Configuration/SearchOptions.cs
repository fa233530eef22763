using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>How the words of a query combine when the user writes no AND/OR between them.</summary>
public enum DefaultOperator
{
    /// <summary>Every word must match; when no article has them all, any word is enough.</summary>
    AndThenOr,
    And,
    Or,
}

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Chosen by measurement on the evaluation query set (README, "Default operator").</summary>
    public DefaultOperator DefaultOperator { get; set; } = DefaultOperator.AndThenOr;
    public int DefaultPageSize { get; set; } = 10;
    public int MaxPageSize { get; set; } = 100;
    /// <summary>Deep paging costs memory per request; past this many results a client should narrow the query.</summary>
    public int MaxResultWindow { get; set; } = 10_000;
    /// <summary>A query running longer returns what it found so far, flagged as partial.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    public int MaxClauses { get; set; } = 64;
    public int MaxQueryLength { get; set; } = 1000;
    /// <summary>Characters of body text around the best match.</summary>
    public int SnippetLength { get; set; } = 200;
    /// <summary>
    /// Match words by their phonetic keys too: Latin-script words find Gujarati articles, Gujarati names find
    /// their other spellings. Off, a query matches only the words as typed (the index keeps its keys either way).
    /// </summary>
    public bool Transliteration { get; set; } = true;

    /// <summary>
    /// Searches whose collected results (top 50, total, facets) are kept until the next index refresh; 0 keeps none.
    /// </summary>
    public int ResultCacheSize { get; set; } = 1000;
}

public sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var errors = new List<string>();
        if (options.MaxPageSize is < 1 or > 1000) errors.Add("Search:MaxPageSize must be between 1 and 1000");
        if (options.DefaultPageSize < 1 || options.DefaultPageSize > options.MaxPageSize)
            errors.Add("Search:DefaultPageSize must be between 1 and Search:MaxPageSize");
        if (options.MaxResultWindow < options.MaxPageSize) errors.Add("Search:MaxResultWindow must be at least Search:MaxPageSize");
        if (options.Timeout < TimeSpan.FromMilliseconds(10)) errors.Add("Search:Timeout must be at least 00:00:00.01");
        if (options.MaxClauses is < 1 or > 1024) errors.Add("Search:MaxClauses must be between 1 and 1024");
        if (options.MaxQueryLength is < 1 or > 100_000) errors.Add("Search:MaxQueryLength must be between 1 and 100000");
        if (options.SnippetLength is < 20 or > 5000) errors.Add("Search:SnippetLength must be between 20 and 5000");
        if (options.ResultCacheSize is < 0 or > 100_000) errors.Add("Search:ResultCacheSize must be between 0 and 100000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
