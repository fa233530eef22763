using System.ComponentModel;
using System.Diagnostics;

namespace Indexer.Tests.Support;

/// <summary>
/// Runs a node script under tests/browser that drives Debian's chromium with playwright-core. Tests that use it are
/// <c>[ToolFact(Tool.Chromium, Tool.Playwright)]</c>: skipped by name on a machine without them, failed under CI.
/// </summary>
public static class BrowserScript
{
    public static string RepoRoot { get; } = RepositoryRoot.Path;

    public sealed record Outcome(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
    }

    public static async Task<Outcome> RunAsync(string script, TimeSpan timeout, params string[] args)
    {
        RequireTools();
        var start = new ProcessStartInfo("node") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "tests", "browser", script));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start node ({e.Message}); install it with: apt-get install -y nodejs npm", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // The script bounds its own waits; this catches a hung chromium so the test run never hangs with it.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return new Outcome(-1, await output, $"killed after {timeout.TotalSeconds} s\n{await errors}");
            }
            return new Outcome(process.ExitCode, await output, await errors);
        }
    }

    private static void RequireTools()
    {
        RequiredTool.Path(Tool.Chromium);
        RequiredTool.Path(Tool.Playwright);
    }
}
