using System.Globalization;
using Indexer.Analysis.Gujarati;
using Indexer.Configuration;
using Indexer.Storage;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Indexer.Indexing;

/// <summary>
/// The Lucene index on disk: one IndexWriter for the process and a SearcherManager for near-real-time reads.
/// It is a projection of the store: it knows which store changes it holds (a <see cref="SequenceSet"/>, kept in
/// each commit), so a restart resumes where it stopped, and anything it cannot trust is rebuilt from the store.
/// Three views of that set matter: what the writer has applied, what the open searcher can see, and what the last
/// commit made durable.
/// </summary>
public sealed class ArticleIndex : IDisposable
{
    private const string SequenceKey = "sequence";
    private const string AppliedKey = "applied";
    private const string RebuildKey = "rebuild";
    private const string ReplaceKey = "replace";
    private const string AnalyzerKey = "analyzer";
    private const string SchemaKey = "schema";
    private const string CompactedKey = "compacted";
    private const string RebuildCeilingUnknown = "pending";
    // Commit data is rewritten whole at each commit; past this many holes the smallest are simply applied again.
    private const int MaxCommittedRanges = 256;

    /// <summary>How many times an article's document is tried before it is left out of the index.</summary>
    internal const int DocumentTries = 3;

    /// <summary>
    /// More documents of one batch than this failing as if for their text (but not refused by Lucene itself, which
    /// is always about the document), and more than a tenth of it, is no bad article but a fault of the code or its
    /// setup (an analyzer that cannot work): the batch fails, to be read again once that is mended, instead of every
    /// article being left out and counted as indexed.
    /// </summary>
    internal const int MaxSkipsPerBatch = 3;

    private readonly string _path;
    private readonly IndexingOptions _options;
    private readonly ILogger<ArticleIndex> _logger;
    private readonly object _writeLock = new();
    // Held while the writer flushes for a refresh, and by a commit: a commit waiting inside Lucene behind a refresh
    // whose flush failed (a full disk) went on to commit, claiming the documents that flush had dropped, and the index
    // then said it held articles it never would. A commit now sees the failure first and falls back.
    private readonly object _flushLock = new();
    private bool _flushFailed;
    private FileStream? _ownerLock;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searcherManager;
    private AnalysisThreads? _analysis;
    // Batches started and not yet waited for, oldest first (under _writeLock).
    private readonly Queue<Started> _started = new();
    private volatile SequenceSet _applied = SequenceSet.Empty;
    private volatile SequenceSet _taken = SequenceSet.Empty;
    private volatile SequenceSet _visible = SequenceSet.Empty;
    private volatile SequenceSet _committed = SequenceSet.Empty;
    private volatile RebuildState? _rebuild;
    // Only a rebuild's first pass may add documents without first deleting their id; after a failed batch, some of
    // its documents may be in, so from then on every change replaces, also after a restart (the commit says so).
    private bool _addsAreSafe;
    private long _skipped;
    private long _compactedThrough;

    public ArticleIndex(IOptions<StorageOptions> options, ILogger<ArticleIndex> logger, IOptions<IndexingOptions>? indexing = null)
    {
        _path = options.Value.IndexPath;
        _options = indexing?.Value ?? new IndexingOptions();
        _logger = logger;
        Analyzer = CreateAnalyzer();
    }

    /// <summary>The analyzer for title and body, for indexing and for queries alike.</summary>
    public Analyzer Analyzer { get; }

    public bool IsOpen => _writer is not null;

    /// <summary>For tests: runs each change's write (the action given) when it chooses, to hold one change while others go on.</summary>
    internal Action<ArticleChange, Action>? ApplyHook { get; set; }

    /// <summary>For tests, set before <see cref="Open"/>: wraps the index's folder, to fail its writes as a full disk does.</summary>
    internal Func<LuceneDirectory, LuceneDirectory>? WrapDirectory { get; set; }

    /// <summary>The store changes the writer holds (searchable at the next <see cref="Refresh"/>).</summary>
    public SequenceSet Applied => _applied;

    /// <summary>
    /// The store changes applied or being applied now (<see cref="Start"/>): what a catch-up need not read again.
    /// </summary>
    public SequenceSet Taken => _taken;

    /// <summary>The store changes the searcher that new searches get can see.</summary>
    public SequenceSet Visible => _visible;

    /// <summary>The store changes the last commit made durable.</summary>
    public SequenceSet Committed => _committed;

    /// <summary>The last store sequence up to which every change is in the index (searchable, maybe not yet committed).</summary>
    public long AppliedSequence => _applied.Contiguous;

    public long CommittedSequence => _committed.Contiguous;

    public bool HasUncommittedChanges => !ReferenceEquals(_applied, _committed);

    /// <summary>Articles left out of the index since the process started, because their document failed every try.</summary>
    public long SkippedArticles => Interlocked.Read(ref _skipped);

    /// <summary>
    /// The store's sequence up to which changes were in the index when it was last merged down to few segments
    /// (<see cref="Compact"/>); 0 when it never was. Kept in each commit.
    /// </summary>
    public long CompactedThrough => Interlocked.Read(ref _compactedThrough);

    /// <summary>Segments the searches visit: each costs every query term a dictionary look-up.</summary>
    public int SegmentCount => ReadSearcher(reader => reader.Leaves.Count);

    /// <summary>A figure of the reader new searches get; 0 while the index is closed.</summary>
    private int ReadSearcher(Func<IndexReader, int> figure)
    {
        var manager = _searcherManager;
        if (manager is null) return 0;
        var searcher = manager.Acquire();
        try { return figure(searcher.IndexReader); }
        finally { manager.Release(searcher); }
    }

    /// <summary>Why the last <see cref="Open"/> started from an empty index, or null when it resumed.</summary>
    public string? RebuildReason { get; private set; }

    /// <summary>
    /// Progress of a rebuild until searches can see every article the store had when it began; null otherwise.
    /// It survives a restart: a rebuild cut short by one resumes, and still counts as one.
    /// </summary>
    public RebuildProgress? Rebuild => _rebuild is { } r && (r.Ceiling is not { } ceiling || !_visible.Covers(ceiling))
        // Batches applied again after a failure count twice; done never reads past the total.
        ? new RebuildProgress(Math.Min(Interlocked.Read(ref r.Done), Math.Max(r.Total, 0)), Math.Max(r.Total, 0))
        : null;

    /// <summary>True while a rebuild has not yet been told which store changes it must reach.</summary>
    public bool RebuildNeedsTarget => _rebuild is { Ceiling: null } or { Total: < 0 };

    public int DocumentCount => ReadSearcher(reader => reader.NumDocs);

    /// <summary>Opens the index, starting afresh when it is missing, unreadable or built by another analyzer.</summary>
    public void Open(bool forceRebuild = false)
    {
        lock (_writeLock)
        {
            if (_writer is not null) throw new InvalidOperationException("The index is already open.");
            System.IO.Directory.CreateDirectory(_path);
            _ownerLock = TakeOwnerLock(_path);
            // Not FSDirectory.Open's MMapDirectory: Lucene.Net's mapped inputs enter every clone (several per term
            // and segment in each search, more in merges) into a ConditionalWeakTable, and each entry is a dependent
            // GC handle that every collection scans. At 50,000 articles without the result cache that scan was 18-54
            // ms of each 20-60 ms collection, pausing every search in flight; with positional reads it is gone.
            // The index pages then live in the kernel's page cache instead of the process's mapped memory.
            // IndexDirectory writes through a buffer of its own with a vectorised checksum, and reads with plain preads.
            _directory = new IndexDirectory(new System.IO.DirectoryInfo(_path));
            if (WrapDirectory is { } wrap) _directory = wrap(_directory);

            var held = SequenceSet.Empty;
            string? rebuildCeiling = null;
            var replaces = false;
            long compacted = 0;
            RebuildReason = forceRebuild ? "rebuild requested" : ReadLastCommit(_directory, out held, out rebuildCeiling, out replaces, out compacted);
            if (RebuildReason is not null)
            {
                _logger.LogWarning("Rebuilding the search index from the store: {Reason}", RebuildReason);
                held = SequenceSet.Empty;
                rebuildCeiling = RebuildCeilingUnknown;
                replaces = false;
                compacted = 0;
            }
            var mode = RebuildReason is null ? OpenMode.APPEND : OpenMode.CREATE;
            IndexWriterConfig Config() => new(LuceneVersion.LUCENE_48, Analyzer)
            {
                OpenMode = mode,
                RAMBufferSizeMB = _options.RamBufferMB,
                MaxThreadStates = Math.Max(IndexWriterConfig.DEFAULT_MAX_THREAD_STATES, _options.EffectiveThreads),
                // Every refresh flushes a small segment; packing each into a compound file wrote and checksummed it a
                // second time (a twentieth of the index's work during an ingest), and merging soon rewrites it anyway.
                UseCompoundFile = false,
                MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 },
                MergeScheduler = new ReportingMergeScheduler(_logger),
            };
            try
            {
                _writer = OpenWriter(_directory, Config);
            }
            catch (LockObtainFailedException)
            {
                _directory.Dispose();
                _directory = null;
                ReleaseOwnerLock();
                throw new InvalidOperationException($"The index at {_path} is locked by another process; stop it first.");
            }
            _applied = _visible = _committed = _taken = held;
            _compactedThrough = compacted;
            _rebuild = rebuildCeiling is null ? null : new RebuildState(
                long.TryParse(rebuildCeiling, CultureInfo.InvariantCulture, out var ceiling) ? ceiling : null);
            _addsAreSafe = _rebuild is not null && !replaces;
            if (RebuildReason is not null) CommitLocked();
            _searcherManager = new SearcherManager(_writer, applyAllDeletes: true, new SearcherFactory());
            _analysis = new AnalysisThreads(_options.EffectiveThreads);
        }
    }

    /// <summary>
    /// Fixes what a rebuild must reach: the store's last sequence when it began, and how many articles that is.
    /// <paramref name="done"/> is what an interrupted rebuild had already indexed.
    /// </summary>
    public void SetRebuildTarget(long ceiling, long total)
    {
        lock (_writeLock)
        {
            if (_rebuild is not { } rebuild) return;
            _rebuild = new RebuildState(rebuild.Ceiling ?? ceiling) { Total = total, Done = rebuild.Ceiling is null ? 0 : DocumentCount };
        }
    }

    /// <summary>
    /// Applies store changes read together as the range <paramref name="covered"/> (every change of the store in
    /// that range is in <paramref name="changes"/>) and returns when they are in the writer. Searchable at the next
    /// <see cref="Refresh"/>.
    /// </summary>
    public void Apply(IReadOnlyList<ArticleChange> changes, SequenceRange covered)
    {
        lock (_writeLock)
        {
            StartLocked(changes, covered);
            FinishLocked();
        }
    }

    /// <summary>
    /// Starts applying store changes read together as the range <paramref name="covered"/> (every change of the
    /// store in that range is in <paramref name="changes"/>), and returns once the batch started before it is in
    /// the writer, so the analysis threads go on with this one while the last document of that one is finished.
    /// Documents are analysed on several threads at once; the writer is thread-safe and gives each thread its own
    /// in-memory segment. <see cref="Taken"/> holds the range at once, <see cref="Applied"/> once it is in;
    /// <see cref="FinishApplying"/> waits for the rest, and a commit does too.
    /// </summary>
    public void Start(IReadOnlyList<ArticleChange> changes, SequenceRange covered)
    {
        lock (_writeLock)
        {
            StartLocked(changes, covered);
            while (_started.Count > 1) FinishOldestLocked();
        }
    }

    /// <summary>Waits until every batch started is in the writer; throws if one failed.</summary>
    public void FinishApplying()
    {
        lock (_writeLock) FinishLocked();
    }

    private void StartLocked(IReadOnlyList<ArticleChange> changes, SequenceRange covered)
    {
        var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
        var rebuild = _rebuild;
        // Below the rebuild's ceiling the index started empty and each id comes once (a changed article moves
        // above the ceiling), so a plain add does; the delete an update implies costs a lookup in every segment.
        var firstPass = _addsAreSafe && rebuild?.Ceiling is { } ceiling && covered.UpTo <= ceiling;
        var latest = LatestPerArticle(changes);
        var ids = latest.Select(c => c.ArticleId).ToHashSet(StringComparer.Ordinal);
        // Two versions of one article must not be written at once: the batch in flight holds the version read
        // earlier, and if its thread finished after this batch's, the index would keep the older one (or, in a
        // rebuild's first pass, both). An article changed while its batch is in flight waits for that batch.
        if (_started.Any(s => s.Ids.Overlaps(ids))) FinishLocked();
        var hook = ApplyHook;
        var skips = new BatchSkips(latest.Count);
        var batch = _analysis!.Start(latest, change => ApplyOrSkip(writer, change, firstPass, hook, skips));
        // Every batch below the rebuild's ceiling is progress, also one that replaces after a failure.
        var progress = rebuild?.Ceiling is { } top && covered.UpTo <= top ? rebuild : null;
        _started.Enqueue(new Started(batch, covered, progress, latest.Count(c => c.Article is not null), ids, skips));
        _taken = _taken.Add(covered);
        // Counted as applied (refreshed, and a rebuild's progress) as soon as it is in, not only when the next batch
        // starts: that waits for the store's next read, which may be slow.
        batch.Done.ContinueWith(_ => FinishDone(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Counts the oldest batches started as applied while they are done; a failed one is left to report.</summary>
    private void FinishDone()
    {
        lock (_writeLock)
        {
            while (_started.TryPeek(out var oldest) && oldest.Batch.Done.IsCompleted && oldest.Batch.Error is null)
                FinishOldestLocked();
        }
    }

    private void FinishLocked()
    {
        while (_started.Count > 0) FinishOldestLocked();
    }

    private void FinishOldestLocked()
    {
        var started = _started.Dequeue();
        started.Batch.Wait();
        if (started.Batch.Error is not { } error)
        {
            _applied = _applied.Add(started.Covered);
            if (started.Rebuild is { } rebuild) Interlocked.Add(ref rebuild.Done, started.Articles);
            if (started.Skips.Count > 0) Interlocked.Add(ref _skipped, started.Skips.Count);
            return;
        }
        // Some of its documents may be in, and a write that failed on a full disk may have dropped those of batches
        // applied before it. The caller hears of the failure once nothing is writing any more.
        ForgetUncommittedLocked();
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// After the writer failed (a batch, or a flush or commit on a full disk): a failed flush drops every document
    /// the writer held in memory, of batches already counted as applied too, so what the index surely holds is what
    /// its last commit does. Everything after that is read and applied again, replacing whatever did survive.
    /// </summary>
    private void ForgetUncommittedLocked()
    {
        // The batches in flight are let finish first (their failures are this one's), so nothing writes any more.
        while (_started.TryDequeue(out var started)) started.Batch.Wait();
        _applied = _taken = _committed;
        _addsAreSafe = false;
        // The writer commits the last data it was given when it closes: it must claim no more than that either.
        _writer?.SetCommitData(CommitData(_applied));
        lock (_flushLock) _flushFailed = false;
    }

    /// <summary>Empties the index so it can be refilled from the start of the store's sequence, as a rebuild.</summary>
    public void Clear(string reason)
    {
        lock (_writeLock)
        {
            var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
            FinishLocked();
            _logger.LogWarning("Rebuilding the search index from the store: {Reason}", reason);
            writer.DeleteAll();
            RebuildReason = reason;
            // The last commit's documents are gone from the writer too: a failure now must not fall back on them.
            _applied = _taken = _committed = SequenceSet.Empty;
            Interlocked.Exchange(ref _compactedThrough, 0);
            _rebuild = new RebuildState(null);
            _addsAreSafe = true;
            // DeleteAll leaves nothing a failed flush could have dropped: the commit must not fall back and give up the plain adds.
            lock (_flushLock) _flushFailed = false;
            CommitLocked();
        }
        Refresh();
    }

    /// <summary>
    /// Makes applied changes visible to new searches without a commit. Blocks while the reader reopens, so that
    /// when it returns, <see cref="Visible"/> is what searches see.
    /// </summary>
    public void Refresh()
    {
        var manager = _searcherManager;
        if (manager is null) return;
        SequenceSet applied;
        try
        {
            lock (_flushLock)
            {
                // A reopened reader holds at least every change applied before it began. Read under the lock: a
                // commit that failed while this refresh waited has fallen back since.
                applied = _applied;
                try
                {
                    manager.MaybeRefreshBlocking();
                }
                catch
                {
                    _flushFailed = true;
                    throw;
                }
            }
        }
        catch
        {
            // The reopen flushes the writer's documents to a segment; if that failed, they may be gone.
            lock (_writeLock) ForgetUncommittedLocked();
            throw;
        }
        _visible = applied;
    }

    /// <summary>Makes applied changes durable, recording which store changes they are.</summary>
    public void Commit()
    {
        lock (_writeLock)
        {
            // A commit must not hold half a batch: a rebuild's documents are added, not replaced, when applied again.
            FinishLocked();
            CommitLocked();
        }
    }

    /// <summary>
    /// Merges the index down to at most <paramref name="maxSegments"/> segments, and returns when that is done. Every
    /// segment costs each query term a look-up, so an index grown by a large ingest into a few dozen segments answers
    /// slower than the same documents in a few. Changes go on being applied meanwhile, and searches go on reading the
    /// segments they opened; the merged ones reach searches at the next <see cref="Refresh"/> and the disk at the next
    /// commit, which also records <see cref="CompactedThrough"/>. Throws <see cref="ObjectDisposedException"/> when the
    /// index closes first (closing does not wait for it).
    /// </summary>
    public void Compact(int maxSegments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        IndexWriter writer;
        long through;
        lock (_writeLock)
        {
            writer = _writer ?? throw new ObjectDisposedException(nameof(ArticleIndex));
            // What the writer holds now, batches in flight included: the merge's flush takes every document in.
            through = _taken.Highest;
        }
        // The writer works with a copy of the configuration's scheduler.
        var merges = (ReportingMergeScheduler)writer.Config.MergeScheduler;
        var failuresBefore = merges.Failures;
        lock (_flushLock)
        {
            // Starting the merge flushes the writer's documents, as a refresh does, and a failed flush drops them:
            // the next commit must hear of it. Only the start: the merge itself runs on the merge threads.
            try
            {
                writer.ForceMerge(maxSegments, doWait: false);
            }
            catch
            {
                _flushFailed = true;
                throw;
            }
        }
        writer.WaitForMerges();
        // The writer counts a failed merge as over before its thread reports the failure: wait for the threads too.
        merges.Sync();
        if (merges.Failures > failuresBefore)
            throw new IOException($"Merging the index's segments failed: {merges.LastFailure?.Message}", merges.LastFailure);
        lock (_writeLock)
        {
            // Closing aborts the merge, and waiting then ends as if it had finished.
            if (!ReferenceEquals(_writer, writer)) throw new ObjectDisposedException(nameof(ArticleIndex), "The index closed before its segments were merged.");
            if (through > CompactedThrough) Interlocked.Exchange(ref _compactedThrough, through);
        }
    }

    public IndexSearcherLease Acquire()
    {
        var manager = _searcherManager ?? throw new InvalidOperationException("The index is not open.");
        return new IndexSearcherLease(manager);
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_writer is null) return;
            try
            {
                FinishLocked();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Applying store changes failed; the next start applies them again");
            }
            try
            {
                CommitLocked();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _logger.LogError(e, "Final index commit failed; the next start will catch up from the store");
            }
            _searcherManager?.Dispose();
            _analysis?.Dispose();
            _analysis = null;
            try
            {
                // Not waiting for merges: a compaction of a million articles takes a minute, longer than a container
                // is given to stop. An aborted merge is done again after the start; the commit above holds everything.
                _writer.Dispose(waitForMerges: false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // Still a full disk: the writer stays open after a failed close and would hold its lock, and ours,
                // until the process ends. Dropping what it holds loses nothing the store cannot give again.
                _logger.LogError(e, "Closing the index failed; the next start catches up from the store");
                _writer.Rollback();
            }
            finally
            {
                _directory?.Dispose();
                _writer = null;
                _searcherManager = null;
                ReleaseOwnerLock();
            }
        }
    }

    public static Analyzer CreateAnalyzer() => new PerFieldAnalyzerWrapper(
        new KeywordAnalyzer(),
        new Dictionary<string, Analyzer>
        {
            [ArticleFields.Title] = new GujaratiAnalyzer(),
            [ArticleFields.Body] = new GujaratiAnalyzer(),
            [ArticleFields.Transliteration] = ArticleFields.PhoneticAnalyzer,
        });

    private void CommitLocked()
    {
        if (_writer is null) return;
        lock (_flushLock)
        {
            // A refresh's flush failed since the last look: what it dropped must not be claimed by this commit.
            if (_flushFailed) ForgetUncommittedLocked();
            var applied = _applied;
            _writer.SetCommitData(CommitData(applied));
            try
            {
                _writer.Commit();
            }
            catch
            {
                ForgetUncommittedLocked();
                throw;
            }
            _committed = applied;
        }
    }

    private Dictionary<string, string> CommitData(SequenceSet applied)
    {
        var data = new Dictionary<string, string>
        {
            [SequenceKey] = applied.Contiguous.ToString(CultureInfo.InvariantCulture),
            [AppliedKey] = applied.Limit(MaxCommittedRanges).ToString(),
            [AnalyzerKey] = GujaratiAnalyzer.Version,
            [SchemaKey] = ArticleFields.SchemaVersion,
        };
        if (CompactedThrough > 0) data[CompactedKey] = CompactedThrough.ToString(CultureInfo.InvariantCulture);
        if (_rebuild is { } rebuild && (rebuild.Ceiling is not { } ceiling || !applied.Covers(ceiling)))
        {
            data[RebuildKey] = rebuild.Ceiling?.ToString(CultureInfo.InvariantCulture) ?? RebuildCeilingUnknown;
            // A batch that failed may have left some of its documents in this commit: adding them again after a
            // restart would index those articles twice.
            if (!_addsAreSafe) data[ReplaceKey] = "true";
        }
        return data;
    }

    /// <summary>
    /// Writes one change, trying a few times; an article whose document fails every time (an analyzer that chokes
    /// on its text, a term too long for Lucene) is left out with a warning, and its change counts as applied: failing
    /// its batch instead read the same batch again and again, and every older change waited behind it. The writer
    /// keeps its other documents when one fails to analyse (Lucene marks only that one deleted). Any other failure
    /// (a full disk, a closed writer, an analyzer that cannot load) fails the batch as before, to be tried again:
    /// skipping it would leave out every article for as long as the fault lasts, and count them all as indexed.
    /// </summary>
    private void ApplyOrSkip(IndexWriter writer, ArticleChange change, bool firstPass, Action<ArticleChange, Action>? hook, BatchSkips skips)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                if (hook is null) ApplyOne(writer, change, firstPass);
                else ApplyHooked(hook, writer, change, firstPass);
                return;
            }
            catch (Exception e) when (CausedByItsContent(e) && tries < DocumentTries)
            {
            }
            catch (Exception e) when (CausedByItsContent(e))
            {
                var skipped = Interlocked.Increment(ref skips.Count);
                // Lucene refusing a document (an immense term, offsets going back) is always about that document:
                // a hostile feed's items come in one batch together and must not stop the rest.
                var refusedByLucene = e is ArgumentException && e.TargetSite?.DeclaringType?.Namespace == "Lucene.Net.Index";
                if (!refusedByLucene && skipped > MaxSkipsPerBatch && skipped * 10 > skips.Size)
                    throw new InvalidOperationException($"{skipped} of {skips.Size} documents of one batch failed to index; not skipping them: {e.Message}", e);
                // Its older version, if the index has one, must not stay searchable as if it were the article.
                if (!firstPass) writer.DeleteDocuments(new Term(ArticleFields.Id, change.ArticleId));
                _logger.LogWarning(e, "Left article {ArticleId} (store change {Sequence}) out of the search index: its document failed {Tries} times",
                    change.ArticleId, change.Sequence, tries);
                return;
            }
        }
    }

    /// <summary>
    /// What one document's text can make the analysis or the writer throw: Lucene's own refusals (a term too long,
    /// offsets going backwards) are ArgumentExceptions, an analyzer's slip on odd text an index, null or number error.
    /// </summary>
    private static bool CausedByItsContent(Exception e) =>
        e is ArgumentException or IndexOutOfRangeException or NullReferenceException or ArithmeticException or FormatException;

    // Apart, so the writes without a hook allocate no closure.
    private static void ApplyHooked(Action<ArticleChange, Action> hook, IndexWriter writer, ArticleChange change, bool firstPass) =>
        hook(change, () => ApplyOne(writer, change, firstPass));

    private static void ApplyOne(IndexWriter writer, ArticleChange change, bool firstPass)
    {
        if (change.Article is null)
        {
            // A deletion below a rebuild's ceiling is of an article that never reached the new index.
            if (!firstPass) writer.DeleteDocuments(new Term(ArticleFields.Id, change.ArticleId));
        }
        else if (firstPass)
            writer.AddDocument(ArticleDocument.Create(change.Article));
        else
            writer.UpdateDocument(new Term(ArticleFields.Id, change.ArticleId), ArticleDocument.Create(change.Article));
    }

    /// <summary>
    /// One change per article, the newest: on several threads, two versions of one article would race, and each
    /// change carries the article as the store last had it anyway.
    /// </summary>
    private static List<ArticleChange> LatestPerArticle(IReadOnlyList<ArticleChange> changes)
    {
        var latest = new Dictionary<string, ArticleChange>(changes.Count, StringComparer.Ordinal);
        foreach (var change in changes)
            if (!latest.TryGetValue(change.ArticleId, out var seen) || seen.Sequence < change.Sequence)
                latest[change.ArticleId] = change;
        return latest.Count == changes.Count ? [.. changes] : [.. latest.Values];
    }

    /// <summary>
    /// An OS-level exclusive lock beside the index, held while it is open. Lucene's write.lock does not stop a
    /// second process here, and two writers (the service and a `reindex`) would corrupt the index.
    /// </summary>
    private static FileStream TakeOwnerLock(string indexPath)
    {
        var path = indexPath.TrimEnd(Path.DirectorySeparatorChar) + ".lock";
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"The index at {indexPath} is locked by another process (is the service running?); stop it first.");
        }
    }

    private void ReleaseOwnerLock()
    {
        _ownerLock?.Dispose();
        _ownerLock = null;
    }

    /// <summary>
    /// Even in CREATE mode the writer reads the old commit files; when they are damaged, clear them and try again.
    /// The lock is taken first, so files of an index another process holds are never touched.
    /// </summary>
    private IndexWriter OpenWriter(LuceneDirectory directory, Func<IndexWriterConfig> config)
    {
        try
        {
            return new IndexWriter(directory, config());
        }
        catch (Exception e) when (config().OpenMode == OpenMode.CREATE && e is IOException or CorruptIndexException && e is not LockObtainFailedException)
        {
            using (var probe = directory.MakeLock(IndexWriter.WRITE_LOCK_NAME))
            {
                if (!probe.Obtain()) throw new LockObtainFailedException($"Index locked: {_path}");
                foreach (var file in directory.ListAll().Where(f => f != IndexWriter.WRITE_LOCK_NAME))
                    directory.DeleteFile(file);
            }
            _logger.LogWarning("Cleared unreadable index files at {Path}", _path);
            return new IndexWriter(directory, config());
        }
    }

    /// <summary>
    /// Reads what the last commit holds; returns why it cannot be used, or null. An index written before the
    /// commit data named its ranges holds everything up to its sequence.
    /// </summary>
    private static string? ReadLastCommit(LuceneDirectory directory, out SequenceSet held, out string? rebuildCeiling, out bool replaces, out long compacted)
    {
        held = SequenceSet.Empty;
        rebuildCeiling = null;
        replaces = false;
        compacted = 0;
        try
        {
            if (!DirectoryReader.IndexExists(directory)) return "no index yet";
            var commit = DirectoryReader.ListCommits(directory)[^1];
            var data = commit.UserData;
            if (!data.TryGetValue(AnalyzerKey, out var analyzer) || analyzer != GujaratiAnalyzer.Version)
                return $"built with analyzer {analyzer ?? "unknown"}, now {GujaratiAnalyzer.Version}";
            if (!data.TryGetValue(SchemaKey, out var schema) || schema != ArticleFields.SchemaVersion)
                return $"built with schema {schema ?? "unknown"}, now {ArticleFields.SchemaVersion}";
            if (!data.TryGetValue(SequenceKey, out var text) || !long.TryParse(text, CultureInfo.InvariantCulture, out var sequence))
                return "the last commit does not say which store changes it holds";
            if (data.TryGetValue(AppliedKey, out var ranges))
            {
                if (!SequenceSet.TryParse(ranges, out held)) return $"the last commit's applied ranges \"{ranges}\" are unreadable";
            }
            else
                held = SequenceSet.UpTo(sequence);
            rebuildCeiling = data.TryGetValue(RebuildKey, out var ceiling) ? ceiling : null;
            replaces = data.ContainsKey(ReplaceKey);
            // Unreadable is as good as never: the next quiet spell merges again.
            if (data.TryGetValue(CompactedKey, out var through)) _ = long.TryParse(through, CultureInfo.InvariantCulture, out compacted);
            // Opening a reader touches every segment, which is what catches truncated or missing files.
            using var reader = DirectoryReader.Open(commit);
            return null;
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or InvalidOperationException)
        {
            held = SequenceSet.Empty;
            return $"unreadable ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>A batch of changes started on the analysis threads; <see cref="Rebuild"/> is set when it adds to a rebuild's count.</summary>
    private sealed record Started(AnalysisThreads.Batch Batch, SequenceRange Covered, RebuildState? Rebuild, int Articles, HashSet<string> Ids, BatchSkips Skips);

    /// <summary>The articles of one batch left out so far; counted in the metrics once the batch is in.</summary>
    private sealed class BatchSkips(int size)
    {
        public int Size { get; } = size;
        public int Count;
    }

    /// <summary>A rebuild's target, and how far it got. <see cref="Ceiling"/> is null until the store is asked.</summary>
    private sealed class RebuildState(long? ceiling)
    {
        public long? Ceiling { get; } = ceiling;
        public long Total { get; init; } = -1;
        public long Done;
    }
}

/// <summary>How far a rebuild has got: articles indexed so far of those the store held when it began.</summary>
public sealed record RebuildProgress(long Done, long Total);

/// <summary>Acquires a searcher for the duration of a using block and always releases it.</summary>
public readonly struct IndexSearcherLease : IDisposable
{
    private readonly SearcherManager _manager;

    public IndexSearcherLease(SearcherManager manager)
    {
        _manager = manager;
        Searcher = manager.Acquire();
    }

    public IndexSearcher Searcher { get; }

    public void Dispose() => _manager.Release(Searcher);
}
