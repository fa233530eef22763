using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Longest wait after repeated failures; back-off doubles up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);
    /// <summary>Shortest wait between fetches of an "auto" feed, however often it publishes.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Longest wait between fetches of an "auto" feed, however quiet it is.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How often feeds.json is checked for edits.</summary>
    public TimeSpan ConfigReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    // The three below apply when the schedule is clustered (Storage:Provider postgres): Quartz keeps it in the
    // shared database, and instances that stop checking in are presumed dead and their work taken over.

    /// <summary>This instance's name in the cluster; generated (host name and start time) when empty.</summary>
    public string? InstanceId { get; set; }
    /// <summary>How often an instance records that it is alive; a dead one's fetches are taken over within about twice this.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How late a fire may run before it counts as missed (then the trigger's misfire rule applies).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);
}

public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBackoff < TimeSpan.FromSeconds(1))
            errors.Add("Scheduling:MaxBackoff must be at least 00:00:01");
        if (options.MinInterval < TimeSpan.FromSeconds(1))
            errors.Add("Scheduling:MinInterval must be at least 00:00:01");
        if (options.MaxInterval < options.MinInterval)
            errors.Add("Scheduling:MaxInterval must not be less than Scheduling:MinInterval");
        if (options.CheckinInterval < TimeSpan.FromMilliseconds(500))
            errors.Add("Scheduling:CheckinInterval must be at least 00:00:00.5");
        if (options.MisfireThreshold < TimeSpan.FromSeconds(1))
            errors.Add("Scheduling:MisfireThreshold must be at least 00:00:01");
        if (options.InstanceId is { Length: > 0 } id && (id.Length > 100 || id.Any(char.IsControl)))
            errors.Add("Scheduling:InstanceId must be at most 100 printable characters");
        if (options.ConfigReloadInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Scheduling:ConfigReloadInterval must be at least 00:00:00.1");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
