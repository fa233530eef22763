namespace Indexer.Tests.Support;

public sealed class PostgresServerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder(string name, int? postmasterPid, TimeSpan age)
    {
        var folder = Path.Combine(_temp.Path, name);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(folder, "server.log"), "log");
        if (postmasterPid is { } pid) File.WriteAllText(Path.Combine(folder, "data", "postmaster.pid"), $"{pid}\n/tmp/data\n");
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow - age);
        return folder;
    }

    [Fact]
    public void A_run_deletes_the_server_folders_earlier_runs_left_but_not_live_or_new_ones()
    {
        // Every full run used to leave its 400 MB cluster in the temp folder: 48 GB on one build machine.
        var stopped = Folder("indexer-pg-stopped", postmasterPid: null, TimeSpan.FromHours(2));
        var killed = Folder("indexer-pg-killed", postmasterPid: int.MaxValue, TimeSpan.FromHours(2));
        var running = Folder("indexer-pg-running", postmasterPid: Environment.ProcessId, TimeSpan.FromHours(2));
        var starting = Folder("indexer-pg-starting", postmasterPid: null, TimeSpan.FromSeconds(5));
        var other = Folder("indexer-bench-other", postmasterPid: null, TimeSpan.FromHours(2));

        PostgresServer.DeleteLeftovers(_temp.Path);

        Assert.False(Directory.Exists(stopped));
        Assert.False(Directory.Exists(killed));
        Assert.True(Directory.Exists(running));
        Assert.True(Directory.Exists(starting));
        Assert.True(Directory.Exists(other));
    }
}
