using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>How the index follows the store: how soon new articles become searchable, how often it is made durable.</summary>
public sealed class IndexingOptions
{
    public const string Section = "Indexing";

    /// <summary>
    /// The wait from one refresh of the searches to the next, also in the middle of a large catch-up, so an applied
    /// change waits at most this plus one refresh: while a large ingest runs, a refresh's flush takes up to about a
    /// second at a million articles (session 6 measured one every ~1.7 s), when idle a few milliseconds. Each refresh
    /// writes a small segment that merging must fold in later, so far below a second only costs throughput.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often searches see the progress of a backlog's older part (a rebuild, a long catch-up) when nothing newer
    /// than what they already see is waiting. Rarer than <see cref="RefreshInterval"/> because every refresh writes a
    /// small segment: at 0.5 s a rebuild of 50,000 articles ran slower on two threads than plain Lucene on one.
    /// </summary>
    public TimeSpan BackfillRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often applied changes are made durable (and at shutdown). A crash loses nothing: the next start applies
    /// the changes since the last commit again from the store. Zero commits after every catch-up.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Threads that analyse documents at once; 0 means one per core.</summary>
    public int Threads { get; set; }

    /// <summary>Memory the index writer may use for documents not yet written to a segment, in MB.</summary>
    public double RamBufferMB { get; set; } = 64;

    /// <summary>
    /// Store changes applied since the index was last merged down after which, once it is quiet, it is merged again
    /// (<see cref="CompactToSegments"/>); 0 never merges beyond what the writer's own merging does. A large ingest or a
    /// rebuild leaves a few dozen segments, and every segment costs each query term a look-up.
    /// </summary>
    public int CompactAfterChanges { get; set; } = 50_000;

    /// <summary>How many segments a merge after <see cref="CompactAfterChanges"/> leaves.</summary>
    public int CompactToSegments { get; set; } = 1;

    /// <summary>
    /// How long no store change must arrive before that merge starts, so that it comes after a large ingest rather than
    /// between its fetches. The merge runs beside indexing and searches; changes arriving during it stay fresh.
    /// </summary>
    public TimeSpan CompactWhenQuietFor { get; set; } = TimeSpan.FromSeconds(30);

    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}

public sealed class IndexingOptionsValidator : IValidateOptions<IndexingOptions>
{
    public ValidateOptionsResult Validate(string? name, IndexingOptions options)
    {
        var errors = new List<string>();
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(10) || options.RefreshInterval > TimeSpan.FromMinutes(1))
            errors.Add("Indexing:RefreshInterval must be between 00:00:00.01 and 00:01:00");
        if (options.BackfillRefreshInterval < TimeSpan.FromMilliseconds(10) || options.BackfillRefreshInterval > TimeSpan.FromMinutes(10))
            errors.Add("Indexing:BackfillRefreshInterval must be between 00:00:00.01 and 00:10:00");
        if (options.CommitInterval < TimeSpan.Zero || options.CommitInterval > TimeSpan.FromHours(1))
            errors.Add("Indexing:CommitInterval must be between 00:00:00 and 01:00:00");
        if (options.Threads is < 0 or > 256)
            errors.Add("Indexing:Threads must be between 0 (one per core) and 256");
        if (options.CompactAfterChanges < 0)
            errors.Add("Indexing:CompactAfterChanges must be 0 (never) or more");
        if (options.CompactToSegments is < 1 or > 1000)
            errors.Add("Indexing:CompactToSegments must be between 1 and 1000");
        if (options.CompactWhenQuietFor < TimeSpan.Zero || options.CompactWhenQuietFor > TimeSpan.FromDays(1))
            errors.Add("Indexing:CompactWhenQuietFor must be between 00:00:00 and 1.00:00:00");
        if (options.RamBufferMB is < 4 or > 2048)
            errors.Add("Indexing:RamBufferMB must be between 4 and 2048");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
