using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>How alert deliveries are sent and retried (section Alerts).</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>A delivery not acknowledged this long after its match is given up and counted as failed.</summary>
    public TimeSpan MaxRetryAge { get; set; } = TimeSpan.FromDays(1);
    /// <summary>The wait before the first retry; each further retry waits twice as long (±20 %), up to MaxRetryDelay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Per attempt, from connecting to the end of the answer.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Deliveries to one webhook URL in flight at once; 1 keeps them strictly in match order.</summary>
    public int MaxInFlightPerWebhook { get; set; } = 1;
    /// <summary>Deliveries in flight at once over all webhooks.</summary>
    public int MaxInFlight { get; set; } = 16;
}

public sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRetryAge < TimeSpan.FromSeconds(1)) errors.Add("Alerts:MaxRetryAge must be at least 00:00:01");
        if (options.RetryDelay < TimeSpan.FromMilliseconds(10)) errors.Add("Alerts:RetryDelay must be at least 00:00:00.01");
        if (options.MaxRetryDelay < options.RetryDelay) errors.Add("Alerts:MaxRetryDelay must not be less than Alerts:RetryDelay");
        if (options.DeliveryTimeout < TimeSpan.FromMilliseconds(100) || options.DeliveryTimeout > TimeSpan.FromMinutes(10))
            errors.Add("Alerts:DeliveryTimeout must be between 00:00:00.1 and 00:10:00");
        if (options.MaxInFlightPerWebhook is < 1 or > 100) errors.Add("Alerts:MaxInFlightPerWebhook must be between 1 and 100");
        if (options.MaxInFlight < options.MaxInFlightPerWebhook || options.MaxInFlight > 1000)
            errors.Add("Alerts:MaxInFlight must be between Alerts:MaxInFlightPerWebhook and 1000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
