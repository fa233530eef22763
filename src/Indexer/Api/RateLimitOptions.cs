using Microsoft.Extensions.Options;

namespace Indexer.Api;

/// <summary>How many searches one client (by remote IP) may make per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;
    // 10 a second on average: far above a person at the search page, and enough for a program running a few
    // hundred evaluation queries in a burst, while one client still cannot take the service's whole capacity.
    public int PermitsPerWindow { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        if (options.PermitsPerWindow < 1) errors.Add("RateLimit:PermitsPerWindow must be at least 1");
        if (options.Window < TimeSpan.FromSeconds(1)) errors.Add("RateLimit:Window must be at least 00:00:01");
        if (options.Window > TimeSpan.FromDays(1)) errors.Add("RateLimit:Window must be at most 1.00:00:00");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
