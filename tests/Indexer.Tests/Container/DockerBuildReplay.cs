using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Indexer.Tests.Support;

namespace Indexer.Tests.Container;

/// <summary>
/// Builds the image the way Docker would, without Docker (no engine runs on our machines): each stage gets a
/// folder standing for its filesystem root, COPY copies from the repository (minus what .dockerignore leaves out)
/// or from an earlier stage, WORKDIR and ENV apply, and the build stages' RUN lines run for real. So a COPY of a
/// path that does not exist, a project file missing before the restore, or a publish folder the runtime stage
/// does not copy fails here as it would in `docker build`.
/// </summary>
public sealed class DockerBuildReplay : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _root = new();
    private readonly DockerIgnore _ignore;

    public DockerBuildReplay(string context, Dockerfile dockerfile)
    {
        Context = context;
        Dockerfile = dockerfile;
        _ignore = DockerIgnore.Load(Path.Combine(context, ".dockerignore"));
        foreach (var stage in dockerfile.Stages)
            Replay(stage);
    }

    public string Context { get; }
    public Dockerfile Dockerfile { get; }

    /// <summary>Where an image path of a stage is on this machine.</summary>
    public string HostPath(DockerStage stage, string imagePath) =>
        Path.Combine(_root.Path, $"stage{stage.Index}", Dockerfile.Resolve("/", imagePath).TrimStart('/'));

    private void Replay(DockerStage stage)
    {
        Directory.CreateDirectory(HostPath(stage, "/"));
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        var final = stage == Dockerfile.Final;
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    Directory.CreateDirectory(HostPath(stage, Dockerfile.Resolve(stage.WorkdirAt(instruction), instruction.Arguments)));
                    break;
                case "ENV":
                    foreach (var (key, value) in Dockerfile.EnvPairs(instruction)) env[key] = value;
                    break;
                case "COPY":
                    Copy(stage, DockerCopy.Parse(instruction));
                    break;
                case "RUN" when !final:
                    Run(stage, instruction, env);
                    break;
                // The runtime stage's RUN lines prepare folders and ownership for the non-root user, which only
                // an engine running as root inside the image can do; the tests make the data folder themselves.
                case "RUN":
                case "USER" or "VOLUME" or "EXPOSE" or "HEALTHCHECK" or "ENTRYPOINT" or "CMD" or "LABEL" when final:
                    break;
                default:
                    Assert.Fail($"the replay does not know {instruction.Keyword} in a build stage ({instruction}); teach DockerBuildReplay or keep the build stage simple");
                    break;
            }
        }
    }

    private void Copy(DockerStage stage, DockerCopy copy)
    {
        var workdir = stage.WorkdirAt(copy.Instruction);
        var destination = copy.DestinationFor(workdir);
        foreach (var source in copy.Sources)
        {
            string[] matches;
            if (copy.From is null)
                matches = Glob(Context, source);
            else
            {
                var from = Dockerfile.Stage(copy.From);
                Assert.True(from.Index < stage.Index, $"COPY --from={copy.From} names a later stage ({copy.Instruction})");
                matches = Glob(HostPath(from, "/"), Dockerfile.Resolve("/", source).TrimStart('/'));
            }
            Assert.True(matches.Length > 0, $"COPY source {source} does not exist{(copy.From is null ? " in the repository" : $" in stage {copy.From}")} ({copy.Instruction})");
            foreach (var match in matches)
            {
                if (Directory.Exists(match))
                    CopyFolder(match, HostPath(stage, destination), copy.From is null);
                else
                {
                    var target = HostPath(stage, copy.FileTarget(match, workdir));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(match, target, overwrite: true);
                }
            }
        }
    }

    /// <summary>A source path with * or ? in its last part matches files in that folder, as in Docker.</summary>
    private string[] Glob(string root, string source)
    {
        var relative = source.Trim().TrimStart('/').TrimEnd('/');
        var full = Path.Combine(root, relative);
        if (relative is "" or ".") return [root];
        if (relative.IndexOfAny(['*', '?']) < 0)
            return File.Exists(full) || Directory.Exists(full) ? [full] : [];
        var folder = Path.GetDirectoryName(full)!;
        return Directory.Exists(folder)
            ? Directory.GetFileSystemEntries(folder, Path.GetFileName(full)).Where(p => root != Context || !_ignore.Excludes(Path.GetRelativePath(Context, p))).ToArray()
            : [];
    }

    private void CopyFolder(string from, string to, bool fromContext)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            if (fromContext && _ignore.Excludes(Path.GetRelativePath(Context, entry))) continue;
            var target = Path.Combine(to, Path.GetFileName(entry));
            if (Directory.Exists(entry)) CopyFolder(entry, target, fromContext);
            else File.Copy(entry, target, overwrite: true);
        }
    }

    /// <summary>
    /// Runs a build stage's RUN line: it must be a plain `dotnet` command (no shell operators), whose absolute path
    /// arguments are mapped into the stage's folder.
    /// </summary>
    private void Run(DockerStage stage, DockerInstruction instruction, IReadOnlyDictionary<string, string?> env)
    {
        var words = instruction.ExecForm() ?? Dockerfile.Words(instruction.Arguments).ToArray();
        Assert.True(words.Length > 1 && words[0] == "dotnet" && !words.Any(w => w is "&&" or "||" or ";" or "|"),
            $"the replay runs only plain `dotnet ...` RUN lines in the build stage ({instruction})");
        var args = words[1..].Select(w => w.StartsWith('/') ? HostPath(stage, w) : w).ToArray();
        var result = ProcessRun.Run("dotnet", args, HostPath(stage, stage.WorkdirAt(instruction)), env, RunTimeout);
        Assert.True(result.ExitCode == 0, $"{instruction} exited {result.ExitCode}:\n{result.Output}");
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>.dockerignore rules: Go-style patterns against paths relative to the context, last match wins, "!" re-includes.</summary>
public sealed class DockerIgnore(IReadOnlyList<(Regex Pattern, bool Exclude)> rules)
{
    public static DockerIgnore Load(string path)
    {
        var rules = new List<(Regex, bool)>();
        if (File.Exists(path))
        {
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var exclude = !line.StartsWith('!');
                var pattern = Dockerfile.Resolve("/", line.TrimStart('!')).TrimStart('/');
                rules.Add((ToRegex(pattern), exclude));
            }
        }
        return new DockerIgnore(rules);
    }

    /// <summary>True when the path, or a folder above it, is left out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var n = 1; n <= parts.Length; n++)
        {
            var prefix = string.Join('/', parts[..n]);
            bool? excluded = null;
            foreach (var (pattern, exclude) in rules)
                if (pattern.IsMatch(prefix)) excluded = exclude;
            if (excluded == true) return true;
        }
        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, including none.
                regex.Append(i + 2 < pattern.Length && pattern[i + 2] == '/' ? "(.*/)?" : ".*");
                i += i + 2 < pattern.Length && pattern[i + 2] == '/' ? 2 : 1;
            }
            else if (pattern[i] == '*') regex.Append("[^/]*");
            else if (pattern[i] == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(pattern[i].ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}

public sealed record ProcessResult(int ExitCode, string Output);

/// <summary>Runs a program to its end within a time limit, killing it (and its children) when it overstays.</summary>
public static class ProcessRun
{
    public static ProcessResult Run(string fileName, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? env, TimeSpan timeout)
    {
        using var process = Start(fileName, args, workingDirectory, env, out var output);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return new ProcessResult(-1, $"timed out after {timeout.TotalSeconds} s\n{output}");
        }
        process.WaitForExit(); // drains the output handlers
        lock (output) return new ProcessResult(process.ExitCode, output.ToString());
    }

    /// <summary>Starts a program whose stdout and stderr lines collect in <paramref name="output"/> (lock it to read).</summary>
    public static Process Start(string fileName, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? env, out StringBuilder output)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // MSBuild's reusable nodes would outlive the command and keep its output pipes open.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // A null value removes a variable this process has.
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        var collected = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (collected) collected.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (collected) collected.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = collected;
        return process;
    }
}
