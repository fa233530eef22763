using Indexer.Alerts;
using Indexer.Configuration;
using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Indexer.Tests.Alerts;

/// <summary>The one-at-a-time work of the cluster (matcher, delivery) on PostgreSQL when its lock's session is dropped.</summary>
[NeedsTool(Tool.PostgreSql)]
public sealed class ClusterExclusiveServiceTests
{
    /// <summary>How many instances' work runs now, and how often any started.</summary>
    private sealed class Tally
    {
        public int Running;
        public int Starts;
    }

    /// <summary>Work that runs until cancelled.</summary>
    private sealed class Work(IClusterLocks locks, Tally tally) : ClusterExclusiveService(locks, new StoreOutage(NullLogger<StoreOutage>.Instance), NullLogger.Instance)
    {
        protected override string LockName => "probe-work";

        protected override async Task RunWhileHeldAsync(CancellationToken stoppingToken)
        {
            Interlocked.Increment(ref tally.Starts);
            Interlocked.Increment(ref tally.Running);
            try { await Task.Delay(Timeout.Infinite, stoppingToken); }
            finally { Interlocked.Decrement(ref tally.Running); }
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(50);
        }
    }

    [ToolFact]
    public async Task A_holder_whose_lock_session_is_dropped_stops_its_work_and_only_one_instance_works_after()
    {
        using var folder = new TempDirectory();
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using var one = await TestStorage.OpenAsync(StorageProvider.Postgres, folder.Path, connectionString);
        await using var two = await TestStorage.OpenAsync(StorageProvider.Postgres, folder.Path, connectionString);
        var tally = new Tally();
        using var first = new Work(one.Locks, tally);
        using var second = new Work(two.Locks, tally);
        await first.StartAsync(default);
        await WaitAsync(() => Volatile.Read(ref tally.Starts) == 1, "the first instance never took the lock");
        await second.StartAsync(default);

        // An idle-session timeout, a NAT dropping the idle connection: the server frees the lock, and the other
        // instance may take it. The old holder must notice and stop, or both match and deliver at once.
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin);
            await kill.ExecuteNonQueryAsync();
        }
        // Someone works again under the lock (the old holder, having taken it again, or the other), and only one.
        await WaitAsync(() => Volatile.Read(ref tally.Starts) >= 2 && Volatile.Read(ref tally.Running) == 1,
            $"not exactly one instance working after the lock was lost: {tally.Running} running, {tally.Starts} starts");
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(1, Volatile.Read(ref tally.Running));
            await Task.Delay(100);
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await second.StopAsync(stop.Token);
        await first.StopAsync(stop.Token);
    }
}
