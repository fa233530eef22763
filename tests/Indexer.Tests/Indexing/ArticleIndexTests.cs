using Indexer.Analysis.Gujarati;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Storage;
using Indexer.Tests.Support;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;

namespace Indexer.Tests.Indexing;

public sealed class ArticleIndexTests
{
    private static int Count(ArticleIndex index, string field, string term)
    {
        using var lease = index.Acquire();
        return lease.Searcher.Search(new TermQuery(new Term(field, term)), 10).TotalHits;
    }

    [Fact]
    public async Task Stored_articles_become_searchable_and_the_commit_remembers_the_sequence()
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.Article("a", "પહેલું", "ગાંધીનગરમાં"), Some.Article("b", "બીજું", "સુરતમાં"));
        Assert.Equal(2, fixture.Index.DocumentCount);

        fixture.Reopen();
        Assert.Null(fixture.Index.RebuildReason);
        Assert.Equal(2, fixture.Index.CommittedSequence);
        Assert.Equal(2, fixture.Index.AppliedSequence);
        Assert.Equal(2, fixture.Index.DocumentCount);
    }

    /// <summary>Stores two sets of articles one after the other and reads each as a batch of changes.</summary>
    private static async Task<(IReadOnlyList<ArticleChange> First, IReadOnlyList<ArticleChange> Second)> TwoBatchesAsync(
        IndexFixture fixture, ArticleDraft[] first, ArticleDraft[] second)
    {
        await fixture.Store.UpsertAsync(first, default);
        var firstChanges = await fixture.Store.ReadChangesAsync(0, 100, default);
        await fixture.Store.UpsertAsync(second, default);
        return (firstChanges, await fixture.Store.ReadChangesAsync(firstChanges[^1].Sequence, 100, default));
    }

    [Fact]
    public async Task A_newer_version_read_while_the_older_one_is_still_being_written_is_the_one_the_index_keeps()
    {
        // Two analysis threads: one writes the batch read first, the other is free for the next batch at once.
        using var fixture = new IndexFixture(new IndexingOptions { Threads = 2 });
        var (first, second) = await TwoBatchesAsync(fixture,
            [Some.Article("x", "પહેલું", "alphaold"), Some.Article("y", "બીજું", "ગાંધીનગરમાં")], [Some.Article("x", "પહેલું", "betanew")]);
        var older = first.Single(c => c.ArticleId == second.Single().ArticleId);

        // The older version's write waits until the newer one is in (at most 3 s): with both batches in flight at
        // once, that would leave the older version last in the index.
        using var newerIn = new ManualResetEventSlim();
        fixture.Index.ApplyHook = (change, write) =>
        {
            if (change.Sequence == older.Sequence) newerIn.Wait(TimeSpan.FromSeconds(3));
            write();
            if (change.Sequence == second[0].Sequence) newerIn.Set();
        };
        fixture.Index.Start(first, new SequenceRange(0, first[^1].Sequence));
        fixture.Index.Start(second, new SequenceRange(first[^1].Sequence, second[^1].Sequence));
        fixture.Index.FinishApplying();
        fixture.Index.Refresh();

        Assert.Equal(1, Count(fixture.Index, ArticleFields.Body, "betanew"));
        Assert.Equal(0, Count(fixture.Index, ArticleFields.Body, "alphaold"));
        Assert.Equal(2, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task A_rebuild_batch_that_failed_half_way_is_not_added_twice_after_a_commit_and_a_restart()
    {
        // One analysis thread, so the batch's documents are written in order and the first is in when the second fails.
        using var fixture = new IndexFixture(new IndexingOptions { Threads = 1 });
        await fixture.Store.UpsertAsync([Some.Article("a", "પહેલું", "alphaone"), Some.Article("b", "બીજું", "betatwo"), Some.Article("c", "ત્રીજું", "gammathree")], default);
        fixture.Reopen(forceRebuild: true);
        var changes = await fixture.Store.ReadChangesAsync(0, 100, default);
        fixture.Index.SetRebuildTarget(changes[^1].Sequence, changes.Count);
        fixture.Index.ApplyHook = (change, write) =>
        {
            if (change.Sequence == changes[1].Sequence) throw new IOException("No space left on device");
            write();
        };
        Assert.Throws<IOException>(() => fixture.Index.Apply(changes, new SequenceRange(0, changes[^1].Sequence)));
        fixture.Index.ApplyHook = null;

        // The shutdown's commit keeps the first article's document; the rebuild resumes after the restart.
        fixture.Reopen();
        Assert.Null(fixture.Index.RebuildReason);
        Assert.NotNull(fixture.Index.Rebuild);
        await fixture.Synchronizer.CatchUpAsync(default);

        Assert.Equal(3, fixture.Index.DocumentCount);
        Assert.Equal(1, Count(fixture.Index, ArticleFields.Body, "alphaone"));
        Assert.Null(fixture.Index.Rebuild);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Articles_the_writer_held_when_a_full_disk_failed_its_flush_are_applied_again_and_kept_after_a_restart(bool refreshing)
    {
        var disk = new FullDisk();
        using var fixture = new IndexFixture();
        var changes = await HeldByTheWriterAsync(fixture, disk);
        disk.IsFull = true;
        Assert.ThrowsAny<IOException>(refreshing ? fixture.Index.Refresh : fixture.Index.Commit);
        disk.IsFull = false;

        // The indexing service tries again, and later the service restarts.
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(200, fixture.Index.DocumentCount);
        fixture.Reopen();
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.All(changes, change => Assert.Equal(1, Count(fixture.Index, ArticleFields.Id, change.ArticleId)));
        Assert.Equal(200, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task Closing_on_a_full_disk_lets_go_of_the_index_and_the_next_start_catches_up()
    {
        var disk = new FullDisk();
        using var fixture = new IndexFixture();
        var changes = await HeldByTheWriterAsync(fixture, disk);
        disk.IsFull = true;

        // The service stops while the disk is full, then starts again (in the same process, as the tests and the
        // reindex command do): the index must not be held locked by the writer that failed to close.
        fixture.Reopen();
        await fixture.Synchronizer.CatchUpAsync(default);

        Assert.Equal(200, fixture.Index.DocumentCount);
        Assert.All(changes, change => Assert.Equal(1, Count(fixture.Index, ArticleFields.Id, change.ArticleId)));
    }

    /// <summary>200 articles on an index over <paramref name="disk"/>, counted as applied and still in the writer's memory: the next refresh's, commit's or close's flush writes them out.</summary>
    private static async Task<IReadOnlyList<ArticleChange>> HeldByTheWriterAsync(IndexFixture fixture, FullDisk disk)
    {
        fixture.Reopen(directory: disk.Wrap);
        await fixture.StoreManyAsync(200);
        var changes = await fixture.Store.ReadChangesAsync(0, 1000, default);
        fixture.Index.Apply(changes, new SequenceRange(0, changes[^1].Sequence));
        return changes;
    }

    [Fact]
    public async Task A_batch_failing_while_the_next_is_in_flight_waits_for_it_and_both_are_applied_again()
    {
        // Two analysis threads: the second batch is written while the first one's failing write is held.
        using var fixture = new IndexFixture(new IndexingOptions { Threads = 2 });
        var (first, second) = await TwoBatchesAsync(fixture,
            [Some.Article("a", "પહેલું", "alphaone"), Some.Article("b", "બીજું", "betatwo")], [Some.Article("c", "ત્રીજું", "gammathree")]);
        using var secondIn = new ManualResetEventSlim();
        fixture.Index.ApplyHook = (change, write) =>
        {
            if (change.Sequence == first[1].Sequence)
            {
                secondIn.Wait(TimeSpan.FromSeconds(5));
                throw new IOException("No space left on device");
            }
            write();
            if (change.Sequence == second[0].Sequence) secondIn.Set();
        };
        fixture.Index.Start(first, new SequenceRange(0, first[^1].Sequence));
        Assert.Throws<IOException>(() => fixture.Index.Start(second, new SequenceRange(first[^1].Sequence, second[^1].Sequence)));
        Assert.True(secondIn.IsSet);
        // Nothing is claimed past the last commit: the writer may have dropped what it held of either batch.
        Assert.Same(fixture.Index.Committed, fixture.Index.Applied);
        Assert.Same(fixture.Index.Applied, fixture.Index.Taken);

        fixture.Index.ApplyHook = null;
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(3, fixture.Index.DocumentCount);
        Assert.All([.. first, .. second], change => Assert.Equal(1, Count(fixture.Index, ArticleFields.Id, change.ArticleId)));
    }

    [Fact]
    public async Task Segments_written_by_refreshes_and_commits_are_not_packed_into_compound_files()
    {
        // Each refresh during an ingest writes a small segment; packing it into a .cfs wrote it a second time.
        using var fixture = new IndexFixture();
        for (var batch = 0; batch < 3; batch++)
            await fixture.AddAsync(Some.NumberedArticles(batch * 100, 100));
        fixture.Index.Commit();

        var files = System.IO.Directory.GetFiles(fixture.Options.Value.IndexPath);
        Assert.Contains(files, f => f.EndsWith(".si", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".cfs", StringComparison.Ordinal));
        Assert.Equal(300, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task The_index_keeps_each_article_s_text_once()
    {
        // Distinct articles made of the sample's words in a different order each, so that compression across
        // neighbouring documents cannot hide a second copy of the text.
        var words = Some.SampleArticle().Body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var random = new Random(11);
        var articles = Enumerable.Range(0, 300)
            .Select(n => Some.Article($"s{n}", string.Join(' ', random.GetItems(words, 8)), string.Join(' ', random.GetItems(words, 400))))
            .ToArray();
        using var fixture = new IndexFixture();
        await fixture.AddAsync(articles);
        fixture.Index.Commit();

        var text = articles.Sum(a => (long)System.Text.Encoding.UTF8.GetByteCount(a.Title + a.Body));
        var index = System.IO.Directory.GetFiles(fixture.Options.Value.IndexPath).Sum(f => new FileInfo(f).Length);
        // One uncompressed copy in the hit records plus the words, offsets and keys came to 1.38 times the text;
        // a second, compressed copy in the stored fields made it 1.75.
        Assert.True(index < 1.55 * text, $"index {index} bytes for {text} bytes of text");
    }

    [Fact]
    public async Task Searches_read_the_index_without_mapping_its_files_into_the_process()
    {
        // Memory-mapped inputs cost a GC handle per clone (every search makes dozens) and count the index's pages
        // as the process's memory; positional reads leave them to the kernel's page cache.
        if (!File.Exists("/proc/self/maps")) return; // the mappings are only visible where /proc is
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.NumberedArticles(0, 50));
        fixture.Index.Commit();
        Assert.Equal(50, Count(fixture.Index, ArticleFields.FeedId, "news"));

        var indexPath = Path.GetFullPath(fixture.Options.Value.IndexPath);
        var mapped = File.ReadLines("/proc/self/maps").Where(line => line.Contains(indexPath, StringComparison.Ordinal)).ToList();
        Assert.Empty(mapped);
    }

    [Fact]
    public async Task An_updated_article_replaces_its_document_and_a_deleted_one_disappears()
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.Article("a", "શીર્ષક", "જૂનું"), Some.Article("b", "શીર્ષક", "બીજું"));
        await fixture.AddAsync(Some.Article("a", "શીર્ષક", "નવું"));
        Assert.Equal(2, fixture.Index.DocumentCount);

        await fixture.Store.TrimFeedAsync("news", 0 + 1, default);
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(1, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task An_index_built_by_another_analyzer_version_is_rebuilt_from_the_store()
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.Article("a", "શીર્ષક", "લખાણ"));
        fixture.Index.Dispose();

        // Stamp the last commit as if an older analyzer had written it.
        using (var directory = FSDirectory.Open(fixture.Options.Value.IndexPath))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, ArticleIndex.CreateAnalyzer())))
        {
            writer.SetCommitData(new Dictionary<string, string> { ["sequence"] = "1", ["analyzer"] = "gu-old", ["schema"] = ArticleFields.SchemaVersion });
            writer.Commit();
        }

        fixture.Reopen();
        Assert.Contains("gu-old", fixture.Index.RebuildReason);
        Assert.Equal(0, fixture.Index.DocumentCount);
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(1, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task An_index_from_before_the_phonetic_keys_is_rebuilt_so_latin_queries_find_its_articles()
    {
        using var fixture = new IndexFixture();
        var sample = Some.SampleArticle();

        // The index as the previous version wrote it: the same words, no key field, the schema it stamped.
        await WrittenByAnOlderVersionAsync(fixture, sample, ArticleLayout.Plain, "articles-2");

        Assert.Contains("articles-2", fixture.Index.RebuildReason);
        Assert.Equal(sample.Id, Assert.Single(await SearchAfterCatchUpAsync(fixture, "rashiya")).Id);
    }

    [Fact]
    public async Task An_index_keyed_by_the_previous_phonetic_keys_is_rebuilt_so_a_bare_latin_word_finds_its_inflected_form()
    {
        // phonetic-2 keyed રાયનને (to Ryan) as ry, having stripped the root's n with the ending: rayan (ryn) missed it.
        using var fixture = new IndexFixture();
        var article = Some.Article("ryan", "રાયનને ઇનામ", "સમિતિએ રાયનને આ વર્ષનું ઇનામ આપ્યું.");

        // The index as phonetic-2 left it, in today's layout; its keys are left out, as they were the wrong ones.
        await WrittenByAnOlderVersionAsync(fixture, article, ArticleLayout.WithoutKeys, "articles-6/phonetic-2");

        Assert.Contains("phonetic-2", fixture.Index.RebuildReason);
        Assert.Equal(article.Id, Assert.Single(await SearchAfterCatchUpAsync(fixture, "rayan")).Id);
        // Once: the rebuilt index carries today's stamp.
        fixture.Index.Dispose();
        fixture.Reopen();
        Assert.Null(fixture.Index.RebuildReason);
    }

    // Stores the article, then replaces the index with one holding it in the given layout under an older schema
    // stamp, and reopens the index as an upgraded service would.
    private static async Task WrittenByAnOlderVersionAsync(IndexFixture fixture, ArticleDraft draft, ArticleLayout layout, string schema)
    {
        await fixture.AddAsync(draft);
        fixture.Index.Dispose();
        using (var directory = FSDirectory.Open(fixture.Options.Value.IndexPath))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, ArticleIndex.CreateAnalyzer()) { OpenMode = OpenMode.CREATE }))
        {
            var article = new Article { Id = draft.Id, FeedId = draft.FeedId, Title = draft.Title, Body = draft.Body, Language = draft.Language };
            writer.AddDocument(ArticleDocument.Create(article, layout));
            writer.SetCommitData(new Dictionary<string, string> { ["sequence"] = "1", ["analyzer"] = GujaratiAnalyzer.Version, ["schema"] = schema });
            writer.Commit();
        }
        fixture.Reopen();
    }

    private static async Task<IReadOnlyList<SearchHit>> SearchAfterCatchUpAsync(IndexFixture fixture, string query)
    {
        await fixture.Synchronizer.CatchUpAsync(default);
        return new ArticleSearcher(fixture.Index, Options.Create(new SearchOptions())).Search(new SearchRequest { Query = query }).Hits;
    }

    [Fact]
    public async Task A_corrupt_index_is_rebuilt_from_the_store()
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.Article("a", "શીર્ષક", "લખાણ"));
        fixture.Index.Dispose();
        foreach (var file in System.IO.Directory.GetFiles(fixture.Options.Value.IndexPath).Where(f => !f.EndsWith("write.lock")))
            File.WriteAllBytes(file, [1, 2, 3]);

        fixture.Reopen();
        Assert.NotNull(fixture.Index.RebuildReason);
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(1, Count(fixture.Index, ArticleFields.FeedId, "news"));
    }

    [Fact]
    public async Task A_missing_index_is_rebuilt_from_the_store()
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.Article("a", "શીર્ષક", "લખાણ"));
        fixture.Index.Dispose();
        System.IO.Directory.Delete(fixture.Options.Value.IndexPath, recursive: true);

        fixture.Reopen();
        Assert.Equal("no index yet", fixture.Index.RebuildReason);
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(1, fixture.Index.DocumentCount);
    }
}
