using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Indexer.Tests.Support;

/// <summary>
/// The built service (Indexer.dll) as a process of its own on a free 127.0.0.1 port, as an operator runs each
/// instance of a cluster; it can be stopped with SIGTERM or killed with SIGKILL mid-work. Its output is kept for
/// failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the service and returns once /health answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string configDirectory, string dataDirectory, IDictionary<string, string> environment)
    {
        var port = FreeTcpPort.Find();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = QuietDirectory.Path,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Indexer.dll"), $"--urls=http://127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["INDEXER_CONFIG_DIR"] = configDirectory;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Scheduling__ConfigReloadInterval"] = "00:00:00.2";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var service = new ServiceProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        service._process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        // Generous: on a shared 2-core machine under load, a process start alone has taken over 30 s.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (service._process.HasExited) Assert.Fail($"the service exited with {service._process.ExitCode}: {service.Output}");
            try
            {
                using var health = await service.Client.GetAsync("/health");
                if (health.IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            if (DateTime.UtcNow > deadline)
            {
                // Nobody else holds this process yet: left running, it would outlive the test run (it did, for an hour).
                var output = service.Output;
                await service.DisposeAsync();
                Assert.Fail("the service did not answer /health in time: " + output);
            }
            await Task.Delay(100);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The number of articles /search finds for <paramref name="query"/>.</summary>
    public async Task<long> CountAsync(string query) =>
        (await GetJsonAsync("/search?size=1&q=" + Uri.EscapeDataString(query))).GetProperty("total").GetInt64();

    /// <summary>SIGKILL: no shutdown, no last commit, open transactions and sessions simply cut.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as docker stop and systemd send it, then waits (with a deadline) for the process to end; gives its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Assert.Equal(0, SendSignal(_process.Id, SigTerm));
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the service did not stop within {timeout} of SIGTERM: {Output}");
        }
        return _process.ExitCode;
    }

    private const int SigTerm = 15;

    // .NET has no managed way to send a process anything but SIGKILL.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public bool HasExited => _process.HasExited;

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
