using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Indexer.Benchmarks;

/// <summary>
/// A throwaway PostgreSQL for the cluster benchmark, from Debian's server programs (apt-get install postgresql):
/// initdb into a temp folder, pg_ctl on a free loopback port, stopped and deleted afterwards. As root (initdb
/// refuses root) the programs run as the postgres user. Durability settings are the server's defaults, as a
/// deployment would have them.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private LocalPostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        ConnectionString = $"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Maximum Pool Size=30";
    }

    public string ConnectionString { get; }

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "pg_ctl")))
            : null;
        if (bin is null) throw new InvalidOperationException("the cluster benchmark needs PostgreSQL's server programs: apt-get install -y postgresql");
        var folder = Path.Combine(Path.GetTempPath(), "indexer-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
        var data = Path.Combine(folder, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asPostgres: true);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200 -c shared_buffers=256MB", "start"], asPostgres: true);
        return new LocalPostgres(bin, folder, port);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop"], asPostgres: true);
        Directory.Delete(_folder, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres)
    {
        var runAs = asPostgres && IsRoot;
        var start = new ProcessStartInfo(runAs ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in (runAs ? ["-u", "postgres", "--", program] : Array.Empty<string>()).Concat(args)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(program)} failed: {await stderr}");
    }
}
