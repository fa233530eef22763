using Lucene.Net.Index;

namespace Indexer.Indexing;

/// <summary>
/// Lucene's merge scheduler, except that a merge that fails (a full disk) is logged and counted instead of thrown on
/// the merge thread, where Lucene leaves it for the JVM to print and where in .NET nobody heard of it: a merge into
/// one segment that failed on a full disk looked done, and only the commit after it failed. The writer removes the
/// failed merge's files and keeps its segments as they were; the merge is tried again later.
/// </summary>
public sealed class ReportingMergeScheduler(ILogger logger) : ConcurrentMergeScheduler
{
    private long _failures;
    private Exception? _lastFailure;

    /// <summary>Merges that failed since the writer opened.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public Exception? LastFailure => Volatile.Read(ref _lastFailure);

    protected override void HandleMergeException(Exception exc)
    {
        Volatile.Write(ref _lastFailure, exc);
        Interlocked.Increment(ref _failures);
        logger.LogError(exc, "Merging index segments failed; searches go on with the segments as they were, and the merge is tried again later");
        // As Lucene's own does: a fault that is not transient would otherwise fail merge after merge at full speed.
        Thread.Sleep(250);
    }
}
