namespace Indexer.Tests.Support;

/// <summary>Tools from the package registries that some tests drive. Each one is found on this machine or not.</summary>
public enum Tool
{
    Chromium,
    Playwright,
    Dockerfilelint,
    PostgreSql,
}

/// <summary>
/// Where a tool a test needs lives on this machine, and what to say when it does not. On a fresh machine with only
/// the .NET SDK such tests are skipped with a reason that names the tool; with INDEXER_REQUIRE_ALL_TESTS=1 (what
/// .ci/run sets after installing everything) a missing tool fails the test instead, so CI never skips.
/// </summary>
public static class RequiredTool
{
    public const string RequireAllVariable = "INDEXER_REQUIRE_ALL_TESTS";

    public static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) == "1";

    /// <summary>The tool's path, or null when this machine lacks it.</summary>
    public static string? Find(Tool tool) => tool switch
    {
        Tool.Chromium => File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null,
        Tool.Playwright => ExistingFile(RepositoryRoot.Path, "tests", "tools", "node_modules", "playwright-core", "package.json"),
        Tool.Dockerfilelint => ExistingFile(RepositoryRoot.Path, "tests", "tools", "node_modules", ".bin", "dockerfilelint"),
        Tool.PostgreSql => FindPostgresBin(),
        _ => throw new ArgumentOutOfRangeException(nameof(tool)),
    };

    /// <summary>The path of a tool the test cannot run without; a missing one fails the test with the way to get it.</summary>
    public static string Path(Tool tool) =>
        Find(tool) ?? throw new Xunit.Sdk.XunitException(Missing(tool));

    public static string Missing(Tool tool) => tool switch
    {
        Tool.Chromium => "needs chromium (/usr/bin/chromium): apt-get install -y chromium fonts-noto-core, or run .ci/run",
        Tool.Playwright => "needs playwright-core (tests/tools): npm ci --prefix tests/tools, or run .ci/run",
        Tool.Dockerfilelint => "needs dockerfilelint (tests/tools): npm ci --prefix tests/tools, or run .ci/run",
        Tool.PostgreSql => "needs PostgreSQL's server programs (initdb, pg_ctl): apt-get install -y postgresql, or run .ci/run",
        _ => throw new ArgumentOutOfRangeException(nameof(tool)),
    };

    /// <summary>The skip reason for a test needing <paramref name="tools"/>: null when it can run or must run.</summary>
    public static string? SkipReason(IEnumerable<Tool> tools)
    {
        if (RequireAll) return null;
        var missing = tools.Where(t => Find(t) is null).Select(Missing).ToList();
        return missing.Count == 0 ? null : string.Join("; ", missing);
    }

    /// <summary>Debian installs the server programs under /usr/lib/postgresql/VERSION/bin, off the PATH; newest wins.</summary>
    private static string? FindPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.EnumerateDirectories(root)
            .Select(d => System.IO.Path.Combine(d, "bin"))
            .Where(bin => File.Exists(System.IO.Path.Combine(bin, "initdb")) && File.Exists(System.IO.Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static string? ExistingFile(params string[] parts)
    {
        var path = System.IO.Path.Combine(parts);
        return File.Exists(path) ? path : null;
    }
}

