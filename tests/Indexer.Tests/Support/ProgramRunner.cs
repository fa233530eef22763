using System.Diagnostics;

namespace Indexer.Tests.Support;

/// <summary>Runs the built program (Indexer.dll) as a separate process, the way an operator would.</summary>
public static class ProgramRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? QuietDirectory.Path,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Indexer.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Nothing the test runner inherited may decide where config and data live.
        start.Environment.Remove("INDEXER_CONFIG_DIR");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Indexer {string.Join(' ', args)} did not exit in time. stderr: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
