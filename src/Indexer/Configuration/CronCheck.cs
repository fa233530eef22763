using Quartz;

namespace Indexer.Configuration;

/// <summary>
/// What is wrong with a Quartz cron expression, if anything: it does not parse, or it parses but never fires
/// ("0 0 0 31 2 ?"), which Quartz only refuses when the trigger is scheduled, long after the config was read.
/// </summary>
public static class CronCheck
{
    /// <returns>null when the expression is usable; else why not, in words.</returns>
    public static CronProblem? Check(string expression)
    {
        try
        {
            return new CronExpression(expression, TimeZoneInfo.Utc).GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null
                ? new CronProblem(NeverFires: true, "it never fires")
                : null;
        }
        catch (FormatException e)
        {
            return new CronProblem(NeverFires: false, e.Message.TrimEnd('.'));
        }
    }
}

public sealed record CronProblem(bool NeverFires, string Reason);
