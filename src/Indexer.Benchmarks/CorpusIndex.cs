using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indexer.Benchmarks;

/// <summary>The corpus in the service's own store and index, in a temporary folder, for the evaluation query sets.</summary>
internal sealed class CorpusIndex : IDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly BenchmarkStorage _storage;
    private readonly Dictionary<string, string> _corpusIds;

    private CorpusIndex(DirectoryInfo folder, BenchmarkStorage storage, ArticleIndex index, Dictionary<string, string> corpusIds)
    {
        _folder = folder;
        _storage = storage;
        Index = index;
        _corpusIds = corpusIds;
    }

    public ArticleIndex Index { get; }

    public static async Task<CorpusIndex> BuildAsync(IReadOnlyList<CorpusDocument> corpus)
    {
        var folder = Directory.CreateTempSubdirectory("indexer-corpus-");
        var services = await BenchmarkStorage.OpenAsync(folder.FullName);
        var storage = services.Options;
        var store = services.Articles;
        var feed = new FeedDefinition { Id = "corpus", Url = new Uri("file:///corpus"), Interval = TimeSpan.FromHours(1) };
        await store.UpsertAsync(corpus.Select(d => ArticleFactory.Create(feed, "gu",
            new ParsedItem(d.Id, null, d.Title, null, null, null, null, d.Body, null))).ToList(), default);
        var index = new ArticleIndex(storage, NullLogger<ArticleIndex>.Instance);
        index.Open();
        await new IndexSynchronizer(store, index, NullLogger<IndexSynchronizer>.Instance).CatchUpAsync(default);
        // Article ids are hashes; map them back to the corpus ids the query sets name.
        var corpusIds = corpus.ToDictionary(d => ArticleFactory.ArticleId(feed.Id, "guid:" + d.Id), d => d.Id);
        return new CorpusIndex(folder, services, index, corpusIds);
    }

    public ArticleSearcher Searcher(SearchOptions options) => new(Index, Microsoft.Extensions.Options.Options.Create(options));

    /// <summary>The corpus id of a hit.</summary>
    public string CorpusId(SearchHit hit) => _corpusIds[hit.Id];

    /// <summary>Rank (from 1) of the first relevant hit in the top 10, or null.</summary>
    public int? RankOfFirstRelevant(ArticleSearcher searcher, EvaluationQuery query)
    {
        var hits = searcher.Search(new SearchRequest { Query = query.Text, Size = 10 }).Hits;
        for (var i = 0; i < hits.Count; i++)
        {
            if (query.Relevant.Contains(CorpusId(hits[i]))) return i + 1;
        }
        return null;
    }

    public void Dispose()
    {
        Index.Dispose();
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _folder.Delete(recursive: true);
    }
}

/// <summary>A query of the analyzer's evaluation sets: category, text, relevant corpus ids, and (romanized sets) the Gujarati it spells.</summary>
internal sealed record EvaluationQuery(string Category, string Text, HashSet<string> Relevant, string? Spells)
{
    /// <summary>Loads a set from src/Indexer.Analysis.Gujarati.Evaluation/Data, found above the working directory.</summary>
    public static List<EvaluationQuery> Load(string fileName)
    {
        var relative = Path.Combine("src", "Indexer.Analysis.Gujarati.Evaluation", "Data", fileName);
        var path = FindUp(relative) ?? throw new FileNotFoundException($"the evaluation query set ({relative}) was not found above the working directory");
        return File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new EvaluationQuery(f[0], f[1], f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), f.Length > 3 ? f[3] : null))
            .ToList();
    }

    private static string? FindUp(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
