using System.Net;
using System.Text.RegularExpressions;
using Indexer.Api;
using Indexer.Configuration;
using Microsoft.Extensions.Configuration;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace Indexer.Tests.Container;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml cannot be started; instead it is read (YamlDotNet) and held
/// against what it depends on: the Dockerfile (port, config folder, health check, data volume), the service's
/// settings and their validation, the PostgreSQL service's own settings, and the proxy's config file.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Root = Support.RepositoryRoot.Path;
    private readonly YamlMappingNode _compose = Load();
    private readonly Dockerfile _dockerfile = Dockerfile.Load(Path.Combine(Root, "Dockerfile"));

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private YamlMappingNode Service(string name) => Map(Map(_compose, "services"), name);

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<string> Items(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var items)
            ? ((YamlSequenceNode)items).Children.Select(i => ((YamlScalarNode)i).Value!)
            : [];

    /// <summary>An environment map with ${VAR:-default} as Compose fills it when VAR is unset.</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Map(service, "environment").Children.ToDictionary(
            e => ((YamlScalarNode)e.Key).Value!,
            e => DefaultedVariable().Replace(((YamlScalarNode)e.Value).Value!, m => m.Groups[1].Value));

    private string ExposedPort => _dockerfile.Final.Last("EXPOSE")!.Arguments.Trim();

    [Fact]
    public void PostgreSQL_is_the_official_image_with_a_named_volume_and_a_health_check()
    {
        var db = Service("db");
        Assert.Matches(@"^postgres:\d+", Scalar(db, "image"));
        var volume = Assert.Single(Items(db, "volumes"));
        Assert.Equal("db-data:/var/lib/postgresql/data", volume);
        Assert.True(Map(_compose, "volumes").Children.ContainsKey(new YamlScalarNode("db-data")), "db-data is not declared as a named volume");
        Assert.Contains("pg_isready", Map(db, "healthcheck").Children[new YamlScalarNode("test")].ToString());
    }

    [Fact]
    public void The_indexer_is_the_same_image_scaled_to_two_on_the_shared_database()
    {
        var indexer = Service("indexer");
        Assert.Equal(".", Scalar(indexer, "build"));
        Assert.True(int.Parse(Scalar(Map(indexer, "deploy"), "replicas")) >= 2);
        Assert.Equal("service_healthy", Scalar(Map(Map(indexer, "depends_on"), "db"), "condition"));

        var env = Environment(indexer);
        Assert.Equal("postgres", env["Storage__Provider"]);
        var connection = new NpgsqlConnectionStringBuilder(env["Storage__ConnectionString"]);
        var db = Environment(Service("db"));
        Assert.Equal("db", connection.Host);
        Assert.Equal(5432, connection.Port);
        Assert.Equal(db["POSTGRES_DB"], connection.Database);
        Assert.Equal(db["POSTGRES_USER"], connection.Username);
        Assert.Equal(db["POSTGRES_PASSWORD"], connection.Password);
    }

    [Fact]
    public void Every_indexer_setting_is_one_the_service_knows_and_accepts()
    {
        var env = Environment(Service("indexer"));
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(env.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), (string?)e.Value)))
            .Build();
        Assert.All(env.Keys, k => Assert.Contains(k.Split("__")[0], new[] { "Storage", "Http", "Scheduling", "Fetching", "Search", "RateLimit", "Retention", "Logging", "Serilog" }));
        var storage = settings.GetSection(StorageOptions.Section).Get<StorageOptions>()!;
        Assert.True(new StorageOptionsValidator().Validate(null, storage).Succeeded);
        var http = settings.GetSection(HttpOptions.Section).Get<HttpOptions>()!;
        Assert.True(new HttpOptionsValidator().Validate(null, http).Succeeded);

        // The proxies it trusts are the compose network, where the proxy lives.
        var subnet = ((YamlMappingNode)((YamlSequenceNode)Map(Map(Map(_compose, "networks"), "indexer"), "ipam")
            .Children[new YamlScalarNode("config")]).Children.Single()).Children[new YamlScalarNode("subnet")].ToString();
        Assert.Equal([subnet], http.Networks);
        Assert.True(IPNetwork.Parse(subnet).Contains(IPAddress.Parse("172.28.0.2")));
    }

    [Fact]
    public void Stopping_an_indexer_waits_the_30_s_its_pages_in_flight_may_need_and_the_kill_example_names_one_replica()
    {
        Assert.Equal("30s", Scalar(Service("indexer"), "stop_grace_period"));
        // `docker compose kill <name>` takes a service name; the replicas' container names are for plain `docker kill`.
        var services = Map(_compose, "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        foreach (var file in new[] { "README.md", "docker-compose.yml" })
        {
            var text = File.ReadAllText(Path.Combine(Root, file));
            foreach (Match command in Regex.Matches(text, @"docker compose (?:kill|stop|restart|logs)(?: -\S+)* ([a-z][\w-]*)"))
                Assert.True(services.Contains(command.Groups[1].Value), $"{file}: `{command.Value}` names no service of docker-compose.yml");
            Assert.Contains("docker kill gujarati-indexer-indexer-1", text);
        }
    }

    [Fact]
    public void The_indexer_mounts_config_where_the_image_reads_it_and_keeps_its_index_per_replica()
    {
        var indexer = Service("indexer");
        var imageEnv = _dockerfile.Final.Environment();
        var mounts = Items(indexer, "volumes").Select(v => v.Split(':')).ToList();
        var config = Assert.Single(mounts, m => m[1] == imageEnv["INDEXER_CONFIG_DIR"]);
        Assert.True(File.Exists(Path.Combine(Root, config[0], "feeds.json")), $"{config[0]} has no feeds.json");
        Assert.Equal("ro", config[2]);
        // A volume shared by the replicas at the data folder would put two index writers on one index.
        Assert.DoesNotContain(mounts, m => m[1] == imageEnv["Storage__DataDirectory"]);
        Assert.Contains(imageEnv["Storage__DataDirectory"], _dockerfile.Final.Last("VOLUME")!.Arguments);
        Assert.Equal([ExposedPort], Items(indexer, "expose"));
    }

    [Fact]
    public void The_proxy_round_robins_over_the_indexer_port_and_forwards_the_client_address()
    {
        var proxy = Service("proxy");
        Assert.Matches(@"^nginx:", Scalar(proxy, "image"));
        // Waits for a healthy indexer, which the image's HEALTHCHECK reports.
        Assert.Equal("service_healthy", Scalar(Map(Map(proxy, "depends_on"), "indexer"), "condition"));
        Assert.NotNull(_dockerfile.Final.Last("HEALTHCHECK"));

        var mount = Assert.Single(Items(proxy, "volumes")).Split(':');
        var conf = File.ReadAllText(Path.Combine(Root, mount[0]));
        Assert.Contains($"http://indexer:{ExposedPort}", conf);
        Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", conf);
        var listen = ListenPort().Match(conf).Groups[1].Value;
        Assert.Contains($"8080:{listen}", Items(proxy, "ports"));
    }

    [GeneratedRegex(@"\$\{\w+:-([^}]*)\}")]
    private static partial Regex DefaultedVariable();

    [GeneratedRegex(@"listen (\d+);")]
    private static partial Regex ListenPort();
}
