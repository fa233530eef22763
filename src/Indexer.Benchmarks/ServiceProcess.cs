using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Indexer.Benchmarks;

/// <summary>
/// The service as operators run it: its own process (so its memory is its own), on a free port on 127.0.0.1.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _workingDirectory;
    private readonly MemorySampler _memory;

    private ServiceProcess(Process process, DirectoryInfo workingDirectory, string baseUrl)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        _memory = new MemorySampler(process.Id);
    }

    public string BaseUrl { get; }
    public HttpClient Client { get; }
    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <param name="build">
    /// The folder of the Indexer.dll to run; this benchmark's own build unless given (another build's output, to
    /// measure before and after in one run).
    /// </param>
    public static ServiceProcess Start(string configDirectory, string dataDirectory, bool verbose = false, IReadOnlyDictionary<string, string>? environment = null,
        string? build = null)
    {
        var port = FreePort();
        // ASP.NET Core takes the working directory as its content root and watches it, recursively, for appsettings
        // edits: started in the caller's directory (/tmp, a worktree being built), the service would spend CPU on
        // every file written under it, its own store and index included. An empty directory of its own is quiet.
        var workingDirectory = Directory.CreateTempSubdirectory("indexer-service-cwd-");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory.FullName };
        start.ArgumentList.Add(Path.Combine(build ?? AppContext.BaseDirectory, "Indexer.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.Environment["INDEXER_CONFIG_DIR"] = configDirectory;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Serilog__MinimumLevel__Default"] = verbose ? "Information" : "Warning";
        // The load test measures the search path, not the per-client limiter that protects it.
        start.Environment["RateLimit__Enabled"] = "false";
        // The service's own runtime settings (Indexer.runtimeconfig.json: workstation GC, no instrumented tier) apply.
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (verbose && e.Data is not null) Console.WriteLine("  service: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  service: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, workingDirectory, $"http://127.0.0.1:{port}");
    }

    public async Task WaitUntilUpAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the service exited with {_process.ExitCode}");
            try
            {
                using var response = await Client.GetAsync("/health/live");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException("the service did not come up within 60 s");
    }

    /// <summary>Waits until <paramref name="articles"/> articles are stored and the index has applied every change.</summary>
    public async Task WaitUntilSearchableAsync(int articles)
    {
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (DateTime.UtcNow < deadline)
        {
            // The cheap question first: /feeds counts every feed's articles in the store (at a million articles a
            // walk of a 1M-entry index, 55-70 ms), and asked ten times a second it took a share of the two cores
            // the ingest being measured runs on.
            using var ready = await Client.GetAsync("/health/ready");
            var lag = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("indexLag").GetInt64();
            if (lag == 0)
            {
                var feeds = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync("/feeds")).RootElement;
                if (feeds.EnumerateArray().Sum(f => f.GetProperty("articleCount").GetInt64()) >= articles) return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("articles were not all searchable within 20 minutes");
    }

    /// <summary>
    /// Waits until searches visit at most <paramref name="segments"/> index segments: the merge the service makes
    /// once it is quiet after a large ingest (Indexing:CompactWhenQuietFor, then the merge itself). Returns the count
    /// when first asked and when done.
    /// </summary>
    public async Task<(int Before, int After)> WaitUntilMergedAsync(int segments, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var before = -1;
        while (true)
        {
            var metrics = await Client.GetStringAsync("/metrics");
            var line = metrics.Split('\n').Single(l => l.StartsWith("indexer_index_segments ", StringComparison.Ordinal));
            var now = (int)double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            if (before < 0) before = now;
            if (now <= segments) return (before, now);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the index still had {now} segments after {within}");
            await Task.Delay(500);
        }
    }

    /// <summary>How many feeds /feeds says were fetched at or after <paramref name="since"/>, of how many.</summary>
    public async Task<(int Fetched, int Feeds)> FeedsFetchedSinceAsync(DateTimeOffset since)
    {
        var feeds = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync("/feeds")).RootElement;
        return (feeds.EnumerateArray().Count(f => f.TryGetProperty("lastFetchedAt", out var at) && at.ValueKind == System.Text.Json.JsonValueKind.String && at.GetDateTimeOffset() >= since),
            feeds.GetArrayLength());
    }

    /// <summary>CPU time the service process has used so far (user and system, every thread), in seconds.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Peak resident memory of the service process (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB() => _memory.Peaks.Hwm;

    /// <summary>Its memory so far: the kernel's peak, and the peaks of its own memory and of mapped files apart.</summary>
    public MemoryPeaks Memory => _memory.Peaks;

    public async ValueTask DisposeAsync()
    {
        _memory.Dispose();
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM, as a container stop would send, so the index commits on the way out.
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _workingDirectory.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
