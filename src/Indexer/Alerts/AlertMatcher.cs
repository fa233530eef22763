using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Metrics;
using Indexer.Search;
using Indexer.Storage;
using Lucene.Net.Index;
using Microsoft.Extensions.Options;

namespace Indexer.Alerts;

/// <summary>
/// Follows the store's change log, as the index does, and writes each new match to the outbox in the same
/// transaction as its progress past the change. An alert matches only changes made after it was first seen (no
/// flood of old articles when one is added), and an article matches an alert at most once, whatever edits follow.
/// </summary>
public sealed class AlertMatcher(
    IArticleStore articles,
    IAlertStore alerts,
    AlertCatalog catalog,
    FeedCatalog feeds,
    ArticleIndex index,
    IOptions<SearchOptions> searchOptions,
    IndexerMetrics metrics,
    TimeProvider time,
    ILogger<AlertMatcher> logger) : IDisposable
{
    public const int BatchSize = 500;

    /// <summary>Below this many indexed articles, frequencies say little: the first filing by them waits for it.</summary>
    private const int RefileAfterDocuments = 200;

    private readonly Lucene.Net.Analysis.Analyzer _analyzer = ArticleIndex.CreateAnalyzer();
    private IReadOnlyList<CompiledAlert> _compiled = [];
    private AlertPercolator _percolator = new([], ArticleIndex.CreateAnalyzer());
    // How many documents the index held when the alerts were last filed by their terms' frequencies.
    private long _filedAtDocuments;
    private IReadOnlyDictionary<string, long> _starts = new Dictionary<string, long>();
    private long _catalogVersion = -1;
    // Analysing and testing the articles: behind ingest on busy cores (see LowPriorityWorker); reads and writes of
    // the store stay on ordinary threads, so no lock or connection ever waits for this one.
    private readonly LowPriorityWorker _worker = new("alert-matcher");

    /// <summary>
    /// Before anything is fetched: on the very first start the matcher begins at the store's current change, and the
    /// alerts in alerts.json begin there too, so that articles stored from now on are news to them.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var last = await articles.GetLastSequenceAsync(cancellationToken);
        if (await alerts.GetMatcherProgressAsync(cancellationToken) is null)
            await alerts.CommitMatchesAsync(null, last, [], cancellationToken);
        await RefreshAlertsAsync(last, cancellationToken);
        // An alert added by an edit starts at the store's change of that moment, recorded before it is matched at all.
        catalog.BeforeReplace(async (edited, ct) =>
            await alerts.RegisterAlertsAsync(edited.Select(a => a.Id).ToList(), await articles.GetLastSequenceAsync(ct), ct));
    }

    /// <summary>Matches every change the matcher has not seen yet; returns how many new matches went to the outbox.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var progress = await alerts.GetMatcherProgressAsync(cancellationToken);
        var last = await articles.GetLastSequenceAsync(cancellationToken);
        if (progress is null)
        {
            // The first run: nothing stored before now is news to any alert.
            if (await alerts.CommitMatchesAsync(null, last, [], cancellationToken) is null) return 0;
            progress = last;
        }
        await RefreshAlertsAsync(last, cancellationToken);
        RefileWhenIndexGrew();
        if (_percolator.Count == 0)
        {
            // Nothing to match: only move on, without reading the articles.
            if (last > progress) await alerts.CommitMatchesAsync(progress, last, [], cancellationToken);
            return 0;
        }

        var added = 0;
        while (true)
        {
            var changes = await articles.ReadChangesAsync(progress.Value, BatchSize, cancellationToken);
            if (changes.Count == 0) break;
            var (percolator, starts) = (_percolator, _starts);
            var matches = await _worker.RunAsync(() => Match(percolator, starts, changes)).WaitAsync(cancellationToken);
            var stored = await alerts.CommitMatchesAsync(progress, changes[^1].Sequence, matches, cancellationToken);
            // Another matcher moved on first (it should hold the lock; this is the belt to those braces): start over.
            if (stored is null) return added;
            foreach (var match in stored)
            {
                metrics.AlertMatched(match.AlertId);
                // Each delivery is logged at Information; a match only at Debug, or a busy alert would log twice.
                logger.LogDebug("Alert {Alert} matched article {Article} (delivery {Delivery})", match.AlertId, match.ArticleId, match.DeliveryId);
            }
            added += stored.Count;
            progress = changes[^1].Sequence;
        }
        return added;
    }

    /// <summary>The new matches of a batch of changes, each with its payload: CPU work only, on the worker.</summary>
    private List<AlertMatch> Match(AlertPercolator percolator, IReadOnlyDictionary<string, long> starts, IReadOnlyList<ArticleChange> changes)
    {
        var matches = new List<AlertMatch>();
        foreach (var change in changes)
        {
            if (change.Article is not { } article) continue; // a deletion matches nothing
            foreach (var alert in percolator.Match(article))
            {
                if (change.Sequence <= starts.GetValueOrDefault(alert.Definition.Id, long.MaxValue)) continue;
                var deliveryId = AlertPayload.NewDeliveryId();
                var snippet = percolator.Snippet(alert, article);
                matches.Add(new AlertMatch(deliveryId, alert.Definition.Id, article.Id, change.Sequence,
                    AlertPayload.Create(alert.Definition.Id, deliveryId, article, snippet), time.GetUtcNow()));
            }
        }
        return matches;
    }

    public void Dispose() => _worker.Dispose();

    /// <summary>
    /// Rebuilds the percolator when alerts.json changed, and records new alerts as starting at the store's current
    /// change: an alert added while running matches new articles only.
    /// </summary>
    private async Task RefreshAlertsAsync(long last, CancellationToken cancellationToken)
    {
        var version = catalog.Version;
        if (version == _catalogVersion) return;
        var definitions = catalog.Alerts;
        _starts = await alerts.RegisterAlertsAsync(definitions.Select(a => a.Id).ToList(), last, cancellationToken);
        var compiled = new List<CompiledAlert>();
        var feedIds = FeedIdSpelling.Of(feeds.Feeds.Select(f => f.Id));
        foreach (var alert in definitions.Where(a => a.Enabled))
        {
            try
            {
                compiled.Add(CompiledAlert.Compile(alert, _analyzer, searchOptions.Value, feedIds));
            }
            catch (SearchQueryException e)
            {
                // alerts.json was checked when it was read; only a setting changed since could get here.
                logger.LogError("Alert {Alert} is skipped: {Error}", alert.Id, e.Message);
            }
        }
        _compiled = compiled;
        _percolator = FileAlerts();
        _catalogVersion = version;
        logger.LogInformation("Matching {Count} enabled alerts", compiled.Count);
    }

    /// <summary>
    /// Files the alerts again once the index has doubled since they were last filed: which of an alert's words is
    /// rare only shows as articles come in (a fresh index says nothing), and settles as the index grows.
    /// </summary>
    private void RefileWhenIndexGrew()
    {
        if (_compiled.Count == 0 || !index.IsOpen) return;
        if (index.DocumentCount >= 2 * _filedAtDocuments + RefileAfterDocuments)
            _percolator = FileAlerts();
    }

    /// <summary>A percolator with each alert filed under its required terms that the fewest indexed articles hold.</summary>
    private AlertPercolator FileAlerts()
    {
        if (!index.IsOpen)
        {
            _filedAtDocuments = 0;
            return new AlertPercolator(_compiled, _analyzer);
        }
        using var lease = index.Acquire();
        var reader = lease.Searcher.IndexReader;
        _filedAtDocuments = reader.NumDocs;
        return new AlertPercolator(_compiled, _analyzer, DocumentFrequency(reader));
    }

    /// <summary>
    /// The reader's document frequency of a term (what <c>IndexReader.DocFreq</c> answers) through a
    /// <see cref="TermLookup"/>: DocFreq opens a fresh enum with its block frames in every segment for each term, and
    /// filing 1,000 alerts asks for thousands of terms while an ingest keeps many segments.
    /// </summary>
    internal static Func<Term, long> DocumentFrequency(IndexReader reader) => new TermLookup(reader).DocFreq;
}
