using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>How the page worker fetches the stories of queued articles; bound from the section <c>Pages</c>.</summary>
public sealed class PageOptions
{
    public const string Section = "Pages";

    /// <summary>
    /// Pages fetched at once by this instance. They hold no global fetch slot (feeds keep all of
    /// Fetching:MaxConcurrentFetches) but do share each publisher's per-host cap with feed fetches.
    /// </summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Tries per page version before it is left with the feed's text.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second try; doubled for each further one (1, 2, 4 minutes by default).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a claim holds a page for this instance, renewed while the fetch runs. An instance that dies
    /// (kill -9 included) holds its pages no longer than this; another instance, or the next start, takes them.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class PageOptionsValidator : IValidateOptions<PageOptions>
{
    public ValidateOptionsResult Validate(string? name, PageOptions options)
    {
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > 64) errors.Add("Pages:Concurrency must be between 1 and 64");
        if (options.MaxAttempts is < 1 or > 20) errors.Add("Pages:MaxAttempts must be between 1 and 20");
        if (options.RetryDelay < TimeSpan.FromMilliseconds(10) || options.RetryDelay > TimeSpan.FromDays(1))
            errors.Add("Pages:RetryDelay must be between 00:00:00.01 and 1.00:00:00");
        if (options.Lease < TimeSpan.FromSeconds(1) || options.Lease > TimeSpan.FromHours(1))
            errors.Add("Pages:Lease must be between 00:00:01 and 01:00:00");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
