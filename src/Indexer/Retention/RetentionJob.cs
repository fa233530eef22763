using Quartz;

namespace Indexer.Retention;

/// <summary>The scheduled retention run; the work is in <see cref="RetentionPolicy"/>.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionPolicy policy) : IJob
{
    public static readonly JobKey Key = new("retention", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await policy.ApplyAsync(cancellationToken);
}
