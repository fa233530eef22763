using Indexer.Configuration;
using Indexer.Storage;
using Indexer.Tests.Support;
using Npgsql;

namespace Indexer.Tests.Storage;

/// <summary>
/// The store contract on PostgreSQL (a throwaway server, a database per test), plus the reason the change log
/// takes its numbers from a counter: commits that land out of order must not be skipped by a follower.
/// </summary>
[NeedsTool(Tool.PostgreSql)]
public sealed class PostgresStoreTests : StoreContract
{
    private readonly TempDirectory _folder = new();
    private string _connectionString = "";

    public override async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    protected override Task<TestStorage> OpenStorageAsync(bool migrate = true) =>
        TestStorage.OpenAsync(StorageProvider.Postgres, _folder.Path, _connectionString, migrate);

    protected override Task StampSchemaVersionAsync(int version) =>
        ExecuteAsync($"INSERT INTO schema_version (version, description) VALUES ({version}, 'from a newer program')");

    [ToolFact]
    public async Task Writers_whose_commits_land_out_of_order_are_all_seen_by_a_follower_exactly_once()
    {
        var storage = await OpenAsync();
        // A write whose title starts with "slow" takes 300 ms at commit time, after its numbers were handed out:
        // with a plain sequence, a fast writer that starts later takes a higher number and commits first, and a
        // follower that read the higher number never looks back for the lower one.
        await ExecuteAsync("""
            CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.title LIKE 'slow%' THEN PERFORM pg_sleep(0.3); END IF;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT OR UPDATE ON articles
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit();
            """);
        var writers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync()));
        var expected = new List<string>();
        var writes = new List<Task>();
        for (var round = 0; round < 3; round++)
        {
            // Each round: one slow writer starts, and while it sits in its commit three fast ones write.
            var slow = Draft($"slow-{round}", "ધીમું", title: "slow");
            expected.Add(slow.Id);
            writes.Add(writers[0].Articles.UpsertAsync([slow], default));
            await Task.Delay(50);
            for (var w = 1; w < writers.Length; w++)
            {
                var fast = Draft($"fast-{round}-{w}", "ઝડપી");
                expected.Add(fast.Id);
                writes.Add(writers[w].Articles.UpsertAsync([fast], default));
            }
        }

        var follower = new ChangeFollower(storage.Articles);
        await follower.FollowUntilAsync(Task.WhenAll(writes), batchSize: 100);
        Assert.Equal(expected.Order(), follower.AppliedIds.Order());
        Assert.Equal(expected.Count, await storage.Articles.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task An_unreachable_database_is_one_line_naming_the_setting()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_connectionString) { Port = 1, Timeout = 2 }.ToString();
        await using var storage = await TestStorage.OpenAsync(StorageProvider.Postgres, _folder.Path, unreachable, migrate: false);
        var error = await Assert.ThrowsAsync<StoreSchemaException>(() => storage.Schema.MigrateAsync(default));
        Assert.StartsWith("Storage:ConnectionString: cannot connect to PostgreSQL at 127.0.0.1:1/", error.Message);
    }

    [ToolFact]
    public async Task Two_matchers_moving_from_the_same_progress_at_once_write_one_set_of_matches()
    {
        var first = await OpenAsync();
        var second = await OpenAsync();
        await first.Alerts.CommitMatchesAsync(null, 1, [], default);
        var results = await Task.WhenAll(
            first.Alerts.CommitMatchesAsync(1, 5, [Match("x1", "russia", "a1", 2)], default),
            second.Alerts.CommitMatchesAsync(1, 5, [Match("y1", "russia", "a1", 2), Match("y2", "russia", "a2", 3)], default));
        Assert.Single(results, r => r is not null);
        var winner = results.Single(r => r is not null)!;
        Assert.Equal(winner.Select(m => m.DeliveryId), (await first.Alerts.ReadPendingAfterAsync(OutboxPlace.Start, 10, default)).Select(p => p.DeliveryId));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
