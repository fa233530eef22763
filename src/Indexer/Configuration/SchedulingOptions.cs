using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How many feeds may be fetched at once, over all feeds.</summary>
    public int MaxConcurrentFetches { get; set; } = 4;
    /// <summary>Longest wait after repeated failures; back-off doubles up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);
    /// <summary>How often feeds.json is checked for edits.</summary>
    public TimeSpan ConfigReloadInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConcurrentFetches is < 1 or > 256)
            errors.Add("Scheduling:MaxConcurrentFetches must be between 1 and 256");
        if (options.MaxBackoff < TimeSpan.FromSeconds(1))
            errors.Add("Scheduling:MaxBackoff must be at least 00:00:01");
        if (options.ConfigReloadInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Scheduling:ConfigReloadInterval must be at least 00:00:00.1");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
