using Indexer.Tests.Support;

namespace Indexer.Tests.Hosting;

/// <summary>The service on the PostgreSQL provider, end to end: a local feed in, an article found through /search.</summary>
[NeedsTool(Tool.PostgreSql)]
public sealed class PostgresServiceTests : LocalServiceTest
{
    [ToolFact]
    public async Task With_storage_on_postgres_the_service_ingests_a_local_feed_and_search_finds_the_article()
    {
        ServeOneFeed("/gujarati.xml", TestData.SampleFeed);
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        string id;
        await using (var service = await StartServiceAsync("--Storage:Provider=postgres", $"--Storage:ConnectionString={connectionString}"))
        {
            var found = await service.WaitForHitsAsync("રશિયા");
            id = found.GetProperty("hits")[0].GetProperty("id").GetString()!;
            Assert.StartsWith("કિમ જોંગ ઉનની", (await service.GetJsonAsync($"/articles/{id}")).GetProperty("title").GetString());
            var feed = (await service.GetJsonAsync("/feeds"))[0];
            Assert.Equal(1, feed.GetProperty("articleCount").GetInt64());
            // Fetched every second: by the time the article is found, a later fetch may have seen it unchanged.
            Assert.Contains(feed.GetProperty("lastStatus").GetString(), new[] { "fetched", "unchanged" });
            Assert.Equal("ready", (await service.GetJsonAsync("/health/ready")).GetProperty("status").GetString());
        }
        // The data folder holds only this instance's index: the articles are in PostgreSQL.
        Assert.False(File.Exists(Data.Combine("articles.db")));

        // reindex goes through the same registration, so it rebuilds from PostgreSQL too.
        var reindex = await ProgramRunner.RunAsync(["reindex"], new Dictionary<string, string>
        {
            ["INDEXER_CONFIG_DIR"] = Config.Path, ["Storage__DataDirectory"] = Data.Path,
            ["Storage__Provider"] = "postgres", ["Storage__ConnectionString"] = connectionString,
        });
        Assert.True(reindex.ExitCode == 0, reindex.StdErr);
        Assert.StartsWith("reindexed 1 articles", reindex.StdOut);
    }
}
