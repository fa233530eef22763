using Microsoft.Extensions.Options;

namespace Indexer.Feeds.Fetching;

/// <summary>Rejects <see cref="FetchingOptions"/> that would make fetching hang, starve or fail, naming the setting.</summary>
public sealed class FetchingOptionsValidator : IValidateOptions<FetchingOptions>
{
    private const string Prefix = FetchingOptions.SectionName + ":";
    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);
    private const long MinResponseBytes = 1024;
    // Bodies are held in one byte array.
    private const long MaxResponseBytesLimit = 1024 * 1024 * 1024;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FetchingOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout < MinTimeout)
            failures.Add($"{Prefix}Timeout must be at least {MinTimeout:c}");
        if (options.Timeout > MaxTimeout)
            failures.Add($"{Prefix}Timeout must be at most {MaxTimeout:c}");
        if (options.MaxResponseBytes is < MinResponseBytes or > MaxResponseBytesLimit)
            failures.Add($"{Prefix}MaxResponseBytes must be between {MinResponseBytes} and {MaxResponseBytesLimit}");
        if (string.IsNullOrWhiteSpace(options.UserAgent) || !IsValidUserAgent(options.UserAgent))
            failures.Add($"{Prefix}UserAgent must be a valid User-Agent header value, such as \"Name/1.0 (+https://example.org)\"");
        if (options.MaxConcurrentFetches < 1)
            failures.Add($"{Prefix}MaxConcurrentFetches must be at least 1");
        if (options.MaxConcurrentFetchesPerHost < 1)
            failures.Add($"{Prefix}MaxConcurrentFetchesPerHost must be at least 1");
        else if (options.MaxConcurrentFetchesPerHost > options.MaxConcurrentFetches)
            failures.Add($"{Prefix}MaxConcurrentFetchesPerHost must not exceed {Prefix}MaxConcurrentFetches");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidUserAgent(string value)
    {
        using var probe = new HttpRequestMessage();
        return probe.Headers.UserAgent.TryParseAdd(value);
    }
}
