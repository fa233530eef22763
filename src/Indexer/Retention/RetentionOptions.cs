using Microsoft.Extensions.Options;
using Indexer.Configuration;

namespace Indexer.Retention;

/// <summary>How long articles are kept. Per-feed caps (maxArticles) live in feeds.json.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Articles published (or, undated, first seen) longer ago than this are deleted; null keeps them all.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Quartz cron expression, in UTC, for the retention run. Default: daily at 03:30.</summary>
    public string Schedule { get; set; } = "0 30 3 * * ?";
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new List<string>();
        // Shorter than an hour is almost surely a typo (00:30:00 for 30 days) and would empty the store.
        if (options.MaxAge is { } age && age < TimeSpan.FromHours(1))
            errors.Add("Retention:MaxAge must be at least 01:00:00 (or left out to keep articles forever)");
        if (CronProblem(options.Schedule) is { } problem)
            errors.Add($"Retention:Schedule must be a Quartz cron expression such as \"0 30 3 * * ?\"; \"{options.Schedule}\": {problem}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? CronProblem(string? expression) =>
        string.IsNullOrWhiteSpace(expression) ? "empty" : CronCheck.Check(expression)?.Reason;
}
