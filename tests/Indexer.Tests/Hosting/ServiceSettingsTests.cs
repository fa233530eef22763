using System.Text.RegularExpressions;
using Indexer.Configuration;
using Indexer.Hosting;
using Microsoft.Extensions.Configuration;

namespace Indexer.Tests.Hosting;

/// <summary>The service's own table of settings: every setting the README documents is one, and near misses are named.</summary>
public sealed partial class ServiceSettingsTests
{
    private static IConfigurationRoot CommandLine(params string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();

    public static TheoryData<string> DocumentedSettings()
    {
        var settings = new TheoryData<string>();
        foreach (var key in DocumentedKeys()) settings.Add(key);
        return settings;
    }

    private static IEnumerable<string> DocumentedKeys() =>
        SettingRow().Matches(File.ReadAllText(Path.Combine(Support.RepositoryRoot.Path, "README.md"))).Select(m => m.Groups[1].Value).Distinct();

    [Theory]
    [MemberData(nameof(DocumentedSettings))]
    public void Every_setting_the_readme_documents_is_taken(string key)
    {
        Assert.Empty(ServiceSettings.CheckNames(CommandLine($"--{key}=1")));
    }

    [Fact]
    public void The_readme_documents_settings_of_every_section()
    {
        var sections = DocumentedKeys().Select(key => key.Split(':')[0]).ToHashSet();
        Assert.Superset(new HashSet<string> { "Storage", "Fetching", "Scheduling", "Pages", "Indexing", "Search", "RateLimit", "Http", "Retention", "Alerts" }, sections);
    }

    [Theory]
    [InlineData("--Search:MaxPageSzie=9", "command line: Search:MaxPageSzie is not a setting; did you mean Search:MaxPageSize?")]
    // The example the Dockerfile's comment once gave: the setting lives under Fetching.
    [InlineData("--Scheduling:MaxConcurrentFetches=2", "command line: Scheduling:MaxConcurrentFetches is not a setting; did you mean Fetching:MaxConcurrentFetches?")]
    [InlineData("--Storage:Provder=postgres", "command line: Storage:Provder is not a setting; did you mean Storage:Provider?")]
    public void A_misspelt_setting_of_the_service_is_refused_with_the_one_it_meant(string setting, string expected)
    {
        Assert.Equal(expected, Assert.Throws<ConfigException>(() => ServiceSettings.CheckNames(CommandLine(setting))).Message);
    }

    [Theory]
    [InlineData("--Serch:MaxPageSize=9", "did you mean Search?")]
    [InlineData("--Index:Threads=2", "did you mean Indexing?")]
    public void A_misspelt_section_is_a_warning_with_the_one_it_meant(string setting, string expected)
    {
        Assert.EndsWith(expected, Assert.Single(ServiceSettings.CheckNames(CommandLine(setting))));
    }

    [Theory]
    [InlineData("--Serilog:MinimumLevel:Default=Warning")]
    [InlineData("--Logging:Format=json")]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0")]
    [InlineData("--urls=http://127.0.0.1:0")]
    [InlineData("--environment=Development")]
    [InlineData("--ConfigDirectory=/c")]
    [InlineData("--AllowedHosts=*")]
    public void The_libraries_settings_are_theirs_to_check(string setting)
    {
        Assert.Empty(ServiceSettings.CheckNames(CommandLine(setting)));
    }

    [GeneratedRegex(@"^\| `([A-Za-z]+:[A-Za-z]+)` \|", RegexOptions.Multiline)]
    private static partial Regex SettingRow();
}
