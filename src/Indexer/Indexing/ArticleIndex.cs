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
/// It is a projection of the store: each commit records the last store sequence it contains, so a restart
/// resumes where it stopped, and anything it cannot trust is rebuilt from the store.
/// </summary>
public sealed class ArticleIndex : IDisposable
{
    private const string SequenceKey = "sequence";
    private const string AnalyzerKey = "analyzer";
    private const string SchemaKey = "schema";

    private readonly string _path;
    private readonly ILogger<ArticleIndex> _logger;
    private readonly object _writeLock = new();
    private FileStream? _ownerLock;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searcherManager;
    private long _appliedSequence;
    private long _committedSequence;

    public ArticleIndex(IOptions<StorageOptions> options, ILogger<ArticleIndex> logger)
    {
        _path = options.Value.IndexPath;
        _logger = logger;
        Analyzer = CreateAnalyzer();
    }

    /// <summary>The analyzer for title and body, for indexing and for queries alike.</summary>
    public Analyzer Analyzer { get; }

    public bool IsOpen => _writer is not null;

    /// <summary>The last store sequence whose change is in the index (searchable, maybe not yet committed).</summary>
    public long AppliedSequence => Interlocked.Read(ref _appliedSequence);

    public long CommittedSequence => Interlocked.Read(ref _committedSequence);

    /// <summary>Why the last <see cref="Open"/> started from an empty index, or null when it resumed.</summary>
    public string? RebuildReason { get; private set; }

    public int DocumentCount
    {
        get
        {
            var manager = _searcherManager;
            if (manager is null) return 0;
            var searcher = manager.Acquire();
            try { return searcher.IndexReader.NumDocs; }
            finally { manager.Release(searcher); }
        }
    }

    /// <summary>Opens the index, starting afresh when it is missing, unreadable or built by another analyzer.</summary>
    public void Open(bool forceRebuild = false)
    {
        lock (_writeLock)
        {
            if (_writer is not null) throw new InvalidOperationException("The index is already open.");
            System.IO.Directory.CreateDirectory(_path);
            _ownerLock = TakeOwnerLock(_path);
            _directory = FSDirectory.Open(_path);

            RebuildReason = forceRebuild ? "rebuild requested" : FindRebuildReason(_directory, out _committedSequence);
            if (RebuildReason is not null)
            {
                _logger.LogWarning("Rebuilding the search index from the store: {Reason}", RebuildReason);
                _committedSequence = 0;
            }
            var mode = RebuildReason is null ? OpenMode.APPEND : OpenMode.CREATE;
            IndexWriterConfig Config() => new(LuceneVersion.LUCENE_48, Analyzer) { OpenMode = mode, RAMBufferSizeMB = 64 };
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
            _appliedSequence = _committedSequence;
            if (RebuildReason is not null) CommitLocked();
            _searcherManager = new SearcherManager(_writer, applyAllDeletes: true, new SearcherFactory());
        }
    }

    /// <summary>Applies store changes in sequence order; they become searchable at the next <see cref="Refresh"/>.</summary>
    public void Apply(IReadOnlyList<ArticleChange> changes)
    {
        if (changes.Count == 0) return;
        lock (_writeLock)
        {
            var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
            foreach (var change in changes)
            {
                var id = new Term(ArticleFields.Id, change.ArticleId);
                if (change.Article is null)
                    writer.DeleteDocuments(id);
                else
                    writer.UpdateDocument(id, ArticleDocument.Create(change.Article));
            }
            Interlocked.Exchange(ref _appliedSequence, changes[^1].Sequence);
        }
    }

    /// <summary>Empties the index so it can be refilled from the start of the store's sequence.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
            writer.DeleteAll();
            Interlocked.Exchange(ref _appliedSequence, 0);
            CommitLocked();
        }
        Refresh();
    }

    /// <summary>Makes applied changes visible to new searches without a commit.</summary>
    public void Refresh() => _searcherManager?.MaybeRefresh();

    /// <summary>Makes applied changes durable, recording the sequence they reach.</summary>
    public void Commit()
    {
        lock (_writeLock) CommitLocked();
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
                CommitLocked();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _logger.LogError(e, "Final index commit failed; the next start will catch up from the store");
            }
            _searcherManager?.Dispose();
            _writer.Dispose();
            _directory?.Dispose();
            _writer = null;
            _searcherManager = null;
            ReleaseOwnerLock();
        }
    }

    public static Analyzer CreateAnalyzer() => new PerFieldAnalyzerWrapper(
        new KeywordAnalyzer(),
        new Dictionary<string, Analyzer>
        {
            [ArticleFields.Title] = new GujaratiAnalyzer(),
            [ArticleFields.Body] = new GujaratiAnalyzer(),
        });

    private void CommitLocked()
    {
        if (_writer is null) return;
        var sequence = AppliedSequence;
        _writer.SetCommitData(new Dictionary<string, string>
        {
            [SequenceKey] = sequence.ToString(CultureInfo.InvariantCulture),
            [AnalyzerKey] = GujaratiAnalyzer.Version,
            [SchemaKey] = ArticleFields.SchemaVersion,
        });
        _writer.Commit();
        Interlocked.Exchange(ref _committedSequence, sequence);
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

    private static string? FindRebuildReason(LuceneDirectory directory, out long sequence)
    {
        sequence = 0;
        try
        {
            if (!DirectoryReader.IndexExists(directory)) return "no index yet";
            var commit = DirectoryReader.ListCommits(directory)[^1];
            var data = commit.UserData;
            if (!data.TryGetValue(AnalyzerKey, out var analyzer) || analyzer != GujaratiAnalyzer.Version)
                return $"built with analyzer {analyzer ?? "unknown"}, now {GujaratiAnalyzer.Version}";
            if (!data.TryGetValue(SchemaKey, out var schema) || schema != ArticleFields.SchemaVersion)
                return $"built with schema {schema ?? "unknown"}, now {ArticleFields.SchemaVersion}";
            if (!data.TryGetValue(SequenceKey, out var text) || !long.TryParse(text, CultureInfo.InvariantCulture, out sequence))
                return "the last commit does not say which store changes it holds";
            // Opening a reader touches every segment, which is what catches truncated or missing files.
            using var reader = DirectoryReader.Open(commit);
            return null;
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or InvalidOperationException)
        {
            sequence = 0;
            return $"unreadable ({e.GetType().Name}: {e.Message})";
        }
    }
}

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
