using System.Diagnostics;
using Npgsql;

namespace Indexer.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the whole test run, from Debian's server programs: initdb into a temp folder,
/// pg_ctl start on a free loopback port with its socket in that folder, stopped and deleted when the run ends.
/// Each test class (or test) takes its own database from it. initdb refuses to run as root, which CI is: then the
/// programs run as the postgres user (runuser) in a folder it owns.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);

    private readonly string _bin;
    private readonly string _folder;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The run's server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, empty database; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await GetAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        // CREATE DATABASE copies template1 and refuses while another CREATE copies it too.
        await CreateLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            CreateLock.Release();
        }
        return server.ConnectionString(name);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = "postgres",
        // Tests open and close many data sources; keep each pool small so the server's limit is never the problem.
        MaxPoolSize = 20,
    }.ToString();

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = RequiredTool.Path(Tool.PostgreSql);
        DeleteLeftovers(Path.GetTempPath());
        var folder = Path.Combine(Path.GetTempPath(), "indexer-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres: true);

        // A free port can be taken by someone else between the probe and the start; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Find();
            var options = $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off " +
                          "-c full_page_writes=off -c max_connections=300";
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"),
                    ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "30", "start"], asPostgres: true);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue;
            }
            var server = new PostgresServer(bin, folder, port);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }
    }

    /// <summary>At the end of the run: the server goes (immediate: its data is thrown away anyway), then its folder.</summary>
    private void Stop()
    {
        try
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true)
                .GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone; the folder still goes.
        }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Deletes the folders of earlier runs whose server is gone. The test host can end a run before the exit handler
    /// has deleted its folder (about 400 MB), and a killed run never gets there, so each run clears what those left.
    /// A folder younger than ten minutes may be a concurrent run's, still on its way to a running server.
    /// </summary>
    internal static void DeleteLeftovers(string tempRoot)
    {
        foreach (var folder in Directory.EnumerateDirectories(tempRoot, "indexer-pg-*"))
        {
            if (Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10)) continue;
            if (ServerMayBeRunning(Path.Combine(folder, "data", "postmaster.pid"))) continue;
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool ServerMayBeRunning(string pidFile)
    {
        try
        {
            if (!File.Exists(pidFile)) return false;
            using var process = Process.GetProcessById(int.Parse(File.ReadLines(pidFile).First()));
            return !process.HasExited;
        }
        catch (UnauthorizedAccessException)
        {
            return true; // not ours to judge, nor to delete
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            return false; // no such process, or an unreadable pid file: a leftover
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The postgres user cannot read root's working folder; the server must not inherit it either.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres && IsRoot)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(arg);
        }
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await stderr} {await stdout}");
    }
}
