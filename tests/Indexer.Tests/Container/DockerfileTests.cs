using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Indexer.Cli;
using Indexer.Configuration;
using Indexer.Tests.Support;
using Xunit.Sdk;

namespace Indexer.Tests.Container;

/// <summary>The repository's Dockerfile and the build replayed from it, made once for the class (it publishes).</summary>
public sealed class DockerfileFixture : IDisposable
{
    private readonly Lazy<DockerBuildReplay> _replay;

    public DockerfileFixture()
    {
        RepoRoot = Support.RepositoryRoot.Path;
        Dockerfile = Dockerfile.Load(Path.Combine(RepoRoot, "Dockerfile"));
        _replay = new Lazy<DockerBuildReplay>(() => new DockerBuildReplay(RepoRoot, Dockerfile));
    }

    public string RepoRoot { get; }
    public Dockerfile Dockerfile { get; }

    /// <summary>Built on first use, so the static checks do not wait for a publish when run alone.</summary>
    public DockerBuildReplay Replay => _replay.Value;

    public void Dispose()
    {
        if (_replay.IsValueCreated) _replay.Value.Dispose();
    }
}

/// <summary>
/// No Docker engine runs on our machines, so these check the Dockerfile against the program instead: what it
/// declares (user, volume, port, entrypoint, health check, config folder), a replay of its build that publishes for
/// real, the published program started the way the container starts it, and dockerfilelint.
/// </summary>
public sealed class DockerfileTests(DockerfileFixture fixture) : IClassFixture<DockerfileFixture>
{
    private const string DataVolume = "/data";
    private const string DataDirectoryVariable = $"{StorageOptions.Section}__{nameof(StorageOptions.DataDirectory)}";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private Dockerfile File => fixture.Dockerfile;
    private DockerStage Final => File.Final;

    [Fact]
    public void Builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime_image()
    {
        Assert.True(File.Stages.Count >= 2, "a multi-stage build: the SDK must not ship in the image");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", File.Stages[0].Image);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Final.Image);
        // The runtime stage must take the app from a build stage, not build it itself.
        Assert.Contains(Final.Copies(), c => c.From is not null);
    }

    [Fact]
    public void Runs_as_a_non_root_user()
    {
        var user = Final.Last("USER");
        Assert.NotNull(user);
        var name = user.Arguments.Split(':')[0].Trim();
        // $APP_UID is the aspnet image's built-in user `app` (UID 1654); any other variable must be set here.
        if (name is "$APP_UID" or "${APP_UID}") return;
        if (name.StartsWith('$'))
            name = Final.Environment().GetValueOrDefault(name.Trim('$', '{', '}')) ?? throw new XunitException($"USER {name} is not defined in the Dockerfile");
        Assert.False(name is "root" or "0" or "", $"the service must not run as root ({user})");
    }

    [Fact]
    public void Keeps_the_data_in_a_volume_that_the_service_is_told_about_and_the_user_owns()
    {
        var volumes = Final.All("VOLUME").SelectMany(v => v.ExecForm() ?? Dockerfile.Words(v.Arguments).ToArray()).ToList();
        Assert.Contains(DataVolume, volumes);
        Assert.Equal(DataVolume, Final.Environment().GetValueOrDefault(DataDirectoryVariable));

        // A new volume takes the owner of the image's folder; after VOLUME, changes to it are thrown away.
        var volume = Final.All("VOLUME").First(v => v.Arguments.Contains(DataVolume));
        var runs = Final.Instructions.TakeWhile(i => i != volume).Where(i => i.Keyword == "RUN");
        Assert.Contains(runs, r => r.Arguments.Contains("chown") && r.Arguments.Contains(DataVolume));
    }

    [Fact]
    public void Exposes_the_port_the_program_listens_on_and_checks_health_with_the_program_itself()
    {
        var ports = Final.All("EXPOSE").SelectMany(e => Dockerfile.Words(e.Arguments)).Select(p => p.Split('/')[0]).ToList();
        Assert.Contains("8080", ports);
        // The healthcheck verb's default URL must hit that port, since HEALTHCHECK passes no URL.
        Assert.Equal(8080, new Uri(HealthCheckCommand.DefaultUrl).Port);
        // The aspnet image sets ASPNETCORE_HTTP_PORTS=8080; overriding it here would move the service off 8080.
        Assert.DoesNotContain(Final.Environment().Keys, k => k is "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_URLS");

        var (options, command) = HealthCheck();
        foreach (var option in new[] { "--interval=", "--timeout=", "--start-period=" })
            Assert.Contains(options, o => o.StartsWith(option, StringComparison.Ordinal));
        Assert.Equal([.. Entrypoint(), "healthcheck"], command);
    }

    [Fact]
    public void Starts_the_published_dll_from_the_folder_the_build_output_is_copied_to()
    {
        Assert.Equal(["dotnet", "Indexer.dll"], Entrypoint());
        var entrypoint = Final.Last("ENTRYPOINT")!;
        var workdir = Final.WorkdirAt(entrypoint);
        var publishCopy = Final.Copies().Single(c => c.From is not null);
        Assert.Equal(workdir, publishCopy.DestinationFor(Final.WorkdirAt(publishCopy.Instruction)));
        // The source is the folder the build stage's publish writes to.
        var build = File.Stage(publishCopy.From!);
        var publish = Dockerfile.Words(DotnetRun(build, "publish").Arguments);
        var output = publish[publish.IndexOf("-o") + 1];
        Assert.Equal(Dockerfile.Resolve("/", output), Dockerfile.Resolve("/", Assert.Single(publishCopy.Sources)));
    }

    [Fact]
    public void Ships_the_config_folder_where_INDEXER_CONFIG_DIR_points()
    {
        var configDir = Final.Environment().GetValueOrDefault(ConfigLocation.EnvironmentVariable);
        Assert.NotNull(configDir);
        var configCopy = Final.Copies().SingleOrDefault(c => c.From is null && c.Sources.Any(s => s.TrimEnd('/') == "config"));
        Assert.True(configCopy is not null, "the runtime stage must COPY the repository's config/ folder");
        Assert.Equal(configDir, configCopy.DestinationFor(Final.WorkdirAt(configCopy.Instruction)));
        Assert.Equal("json", Final.Environment().GetValueOrDefault("Logging__Format"));
    }

    [Fact]
    public void Copies_only_paths_that_exist_and_every_project_file_before_the_restore()
    {
        foreach (var copy in File.Stages.SelectMany(s => s.Copies()).Where(c => c.From is null))
            foreach (var source in copy.Sources.Where(s => s.IndexOfAny(['*', '?']) < 0))
                Assert.True(Path.Exists(Path.Combine(fixture.RepoRoot, source)), $"{source} does not exist in the repository ({copy.Instruction})");

        // The restore layer sees only what was copied before it: the shared props and the csproj of every project
        // the service references, directly or not. A new ProjectReference must be added to the Dockerfile too.
        var build = File.Stages[0];
        var restore = DotnetRun(build, "restore");
        var copiedBefore = build.Instructions.TakeWhile(i => i != restore).Where(i => i.Keyword == "COPY")
            .Select(DockerCopy.Parse)
            .SelectMany(c => c.Sources.Select(s => c.FileTarget(s, build.WorkdirAt(c.Instruction))))
            .ToHashSet();
        var workdir = build.WorkdirAt(restore);
        var needed = new[] { "Directory.Build.props", "Directory.Packages.props" }
            .Concat(ProjectClosure(Path.Combine(fixture.RepoRoot, "src", "Indexer", "Indexer.csproj"))
                .Select(p => Path.GetRelativePath(fixture.RepoRoot, p).Replace('\\', '/')));
        foreach (var path in needed)
            Assert.True(copiedBefore.Contains(Dockerfile.Resolve(workdir, path)), $"{path} is not copied before {restore}");
    }

    [Fact]
    public void Never_switches_on_invariant_globalization_since_Gujarati_text_needs_ICU()
    {
        foreach (var instruction in File.Instructions)
        {
            Assert.DoesNotContain("GLOBALIZATION_INVARIANT", instruction.Arguments, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("InvariantGlobalization", instruction.Arguments, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_published_runtime_config_keeps_ICU_globalization_on()
    {
        var runtimeConfig = JsonNode.Parse(System.IO.File.ReadAllText(Published("Indexer.runtimeconfig.json")))!;
        var invariant = runtimeConfig["runtimeOptions"]?["configProperties"]?["System.Globalization.Invariant"];
        Assert.True(invariant is null || !invariant.GetValue<bool>(), $"the published runtimeconfig turns invariant globalization on: {runtimeConfig}");
    }

    [Fact]
    public void The_published_runtime_config_runs_without_the_instrumented_tier_the_ingest_measured_slower()
    {
        var runtimeConfig = JsonNode.Parse(System.IO.File.ReadAllText(Published("Indexer.runtimeconfig.json")))!;
        var pgo = runtimeConfig["runtimeOptions"]?["configProperties"]?["System.Runtime.TieredPGO"];
        Assert.True(pgo is not null && !pgo.GetValue<bool>(), $"the published runtimeconfig leaves dynamic PGO on: {runtimeConfig}");
    }

    [Fact]
    public void The_published_runtime_config_uses_the_workstation_GC_the_benchmarks_measure()
    {
        var runtimeConfig = JsonNode.Parse(System.IO.File.ReadAllText(Published("Indexer.runtimeconfig.json")))!;
        var server = runtimeConfig["runtimeOptions"]?["configProperties"]?["System.GC.Server"];
        Assert.True(server is null || !server.GetValue<bool>(), $"the published runtimeconfig asks for server GC: {runtimeConfig}");
    }

    [Fact]
    public void The_image_gives_the_collector_a_young_generation_that_pauses_searches_seldom_and_briefly()
    {
        // The runtime reads the value as hex, with or without 0x.
        Assert.True(Final.Environment().TryGetValue("DOTNET_GCgen0size", out var budget), "the image leaves the gen0 budget at the runtime's default");
        var bytes = Convert.ToInt64(budget, 16);
        // Below this a busy /search collects several times as often (the runtime's default: 200 collections in 20 s).
        Assert.True(bytes >= 16L << 20, $"DOTNET_GCgen0size={budget} is below 16 MiB");
        // Above it, what survives a collection but stays under the collector's share of the budget is not promoted
        // but compacted again at every collection: at 128 MiB and a million articles, 6.9 MB and up to 40 ms each time.
        Assert.True(bytes <= 64L << 20, $"DOTNET_GCgen0size={budget} is above 64 MiB");
    }

    [Fact]
    public void The_image_folder_holds_the_entrypoint_dll_and_its_runtime_config()
    {
        var dll = Entrypoint()[1];
        Assert.True(System.IO.File.Exists(Published(dll)), $"{dll} is not in the image's {AppFolder}");
        Assert.True(System.IO.File.Exists(Published(Path.ChangeExtension(dll, ".runtimeconfig.json"))));
        Assert.True(System.IO.File.Exists(Published(Path.ChangeExtension(dll, ".deps.json"))));
        var configDir = Final.Environment()[ConfigLocation.EnvironmentVariable];
        Assert.True(System.IO.File.Exists(Path.Combine(fixture.Replay.HostPath(Final, configDir), FeedsFile.FileName)),
            $"no {FeedsFile.FileName} in the image's {configDir}");
    }

    [Fact]
    public async Task The_published_program_starts_like_the_container_and_its_healthcheck_passes()
    {
        var replay = fixture.Replay;
        var env = Final.Environment().ToDictionary(p => p.Key, string? (p) => p.Value.StartsWith('/') ? replay.HostPath(Final, p.Value) : p.Value);
        // The container's own config, with only feeds that are local files, so nothing reaches the internet.
        var configDir = env[ConfigLocation.EnvironmentVariable]!;
        LocalFeedsOnly(Path.Combine(configDir, FeedsFile.FileName));
        Directory.CreateDirectory(env[DataDirectoryVariable]!);
        // Set by the aspnet image, not by us; here the port is a free one, passed as --urls.
        env["ASPNETCORE_HTTP_PORTS"] = null;
        env["ASPNETCORE_URLS"] = null;
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var entrypoint = Entrypoint();

        using var service = ProcessRun.Start(entrypoint[0], [.. entrypoint[1..], "--urls", url], AppFolder, env, out var output);
        try
        {
            await WaitUntilHealthy(service, output, url + "/health");
            var health = HealthCheck().Command;
            var check = ProcessRun.Run(health[0], [.. health[1..], url + "/health"], AppFolder, env, Wait);
            Assert.True(check.ExitCode == 0, $"healthcheck exited {check.ExitCode}: {check.Output}");

            // Storage__DataDirectory and Logging__Format reached the service.
            Assert.True(System.IO.File.Exists(Path.Combine(env[DataDirectoryVariable]!, "articles.db")));
            string[] lines;
            lock (output) lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line => Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("@t", out _), $"not a compact JSON log line: {line}"));
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
            service.WaitForExit(10_000);
        }
    }

    [ToolFact(Tool.Dockerfilelint)]
    public void Passes_dockerfilelint()
    {
        var lint = RequiredTool.Path(Tool.Dockerfilelint);
        var result = ProcessRun.Run(lint, ["Dockerfile"], fixture.RepoRoot, null, Wait);
        Assert.True(result.ExitCode == 0, $"dockerfilelint exited {result.ExitCode}:\n{result.Output}");
    }

    private string AppFolder => fixture.Replay.HostPath(Final, Final.WorkdirAt(Final.Last("ENTRYPOINT")!));

    private string Published(string name) => Path.Combine(AppFolder, name);

    private string[] Entrypoint()
    {
        var entrypoint = Final.Last("ENTRYPOINT");
        Assert.NotNull(entrypoint);
        // Exec form, so the service is PID 1 and gets Docker's SIGTERM for a clean shutdown.
        return entrypoint.ExecForm() ?? throw new XunitException($"ENTRYPOINT must use the exec (JSON) form ({entrypoint})");
    }

    private (List<string> Options, string[] Command) HealthCheck()
    {
        var health = Final.Last("HEALTHCHECK");
        Assert.NotNull(health);
        var at = health.Arguments.IndexOf("CMD ", StringComparison.Ordinal);
        Assert.True(at > 0, $"HEALTHCHECK needs options, then CMD ({health})");
        // Exec form: no shell is needed, and the program's exit code (0 healthy, 1 not) is what Docker reads.
        var command = Dockerfile.ExecForm(health.Arguments[(at + 4)..])
            ?? throw new XunitException($"HEALTHCHECK CMD must use the exec (JSON) form ({health})");
        return (Dockerfile.Words(health.Arguments[..at]), command);
    }

    /// <summary>The stage's one RUN of `dotnet verb ...`.</summary>
    private static DockerInstruction DotnetRun(DockerStage stage, string verb) =>
        Assert.Single(stage.All("RUN"), r => Dockerfile.Words(r.Arguments) is ["dotnet", var v, ..] && v == verb);

    /// <summary>Every project the given one references, itself included.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return seen;
    }

    private static void LocalFeedsOnly(string feedsPath)
    {
        var root = JsonNode.Parse(System.IO.File.ReadAllText(feedsPath))!;
        var feeds = root["feeds"]!.AsArray();
        foreach (var feed in feeds.Where(f => f!["url"]!.GetValue<string>().StartsWith("http", StringComparison.OrdinalIgnoreCase)).ToList())
            feeds.Remove(feed);
        Assert.NotEmpty(feeds);
        System.IO.File.WriteAllText(feedsPath, root.ToJsonString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilHealthy(System.Diagnostics.Process service, System.Text.StringBuilder output, string healthUrl)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            if (service.HasExited)
                lock (output) Assert.Fail($"the service exited with {service.ExitCode}:\n{output}");
            try
            {
                using var response = await client.GetAsync(healthUrl);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                lock (output) Assert.Fail($"{healthUrl} did not answer 200 within {Wait.TotalSeconds} s:\n{output}");
            await Task.Delay(200);
        }
    }
}
