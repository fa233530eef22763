using Indexer.Configuration;
using Indexer.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Indexer.Tests.Configuration;

/// <summary>
/// A misspelt setting is named, with the setting it most likely meant, instead of being dropped without a word;
/// an unknown section is only a warning, since the host's libraries and the operator keep sections of their own.
/// </summary>
public sealed class SettingNamesTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class StoreOptions
    {
        public string Path { get; set; } = "";
        public TimeSpan MaxAge { get; set; }
        public string[] Mirrors { get; set; } = [];
        public string Computed => Path + "/x";
    }

    private sealed class LookOptions
    {
        public int MaxPageSize { get; set; }
    }

    private static readonly SettingNames Names = new(
        new Dictionary<string, Type> { ["Store"] = typeof(StoreOptions), ["Look"] = typeof(LookOptions) },
        ["ConfigDirectory", "Serilog", "Logging", "urls"]);

    private IConfigurationRoot Settings(string? json, params string[] commandLine)
    {
        var builder = new ConfigurationBuilder();
        if (json is not null) builder.AddJsonFile(_folder.Write("appsettings.json", json));
        return builder.AddCommandLine(commandLine).Build();
    }

    [Theory]
    [InlineData("--Look:MaxPageSzie=9", "command line: Look:MaxPageSzie is not a setting; did you mean Look:MaxPageSize?")]
    [InlineData("/Store:Pth=x", "command line: Store:Pth is not a setting; did you mean Store:Path?")]
    // The right name in the wrong section.
    [InlineData("--Look:MaxAge=01:00:00", "command line: Look:MaxAge is not a setting; did you mean Store:MaxAge?")]
    // Below a plain value the binder looks at nothing.
    [InlineData("--Store:Path:x=1", "command line: Store:Path:x is not a setting; did you mean Store:Path?")]
    // Read but never bound: not a setting either.
    [InlineData("--Store:Computed=1", "command line: Store:Computed is not a setting")]
    [InlineData("--Store:Colour=red", "command line: Store:Colour is not a setting")]
    public void A_key_no_option_binds_under_a_section_of_the_service_is_an_error_naming_it(string setting, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Names.Check(Settings(null, setting)));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void A_misspelt_key_in_a_settings_file_names_the_file_and_every_mistake()
    {
        var e = Assert.Throws<ConfigException>(() => Names.Check(Settings("""{"Look": {"MaxPageSzie": 9, "MaxPageSize": 5}, "Store": {"Pat": "x"}}""")));
        var file = _folder.Combine("appsettings.json");
        Assert.Equal($"{file}: Look:MaxPageSzie is not a setting; did you mean Look:MaxPageSize?; {file}: Store:Pat is not a setting; did you mean Store:Path?", e.Message);
    }

    [Theory]
    [InlineData("--look:maxpagesize=9")]
    [InlineData("--Store:Mirrors:0=a")]
    [InlineData("--Store:Mirrors=a,b")]
    [InlineData("--Store=x")]
    [InlineData("--Serilog:MinimumLevel:Override:Quartz=Warning")]
    [InlineData("--Logging:LogLevel:Default=Warning")]
    [InlineData("--urls=http://127.0.0.1:0")]
    [InlineData("--ConfigDirectory=/c")]
    public void Settings_that_are_read_pass_in_any_case(string setting)
    {
        Assert.Empty(Names.Check(Settings("""{"Look": {"MaxPageSize": 5}, "Store": {"Mirrors": ["a", "b"]}, "Serilog": {"Using": []}}""", setting)));
    }

    [Theory]
    [InlineData("""{"Lok": {"MaxPageSize": 9}}""", "Lok is not a section the service reads, so it is ignored; did you mean Look?")]
    [InlineData("""{"Stor": {"Path": "x"}}""", "Stor is not a section the service reads, so it is ignored; did you mean Store?")]
    [InlineData("""{"Serilgo": {"MinimumLevel": "Warning"}}""", "Serilgo is not a section the service reads, so it is ignored; did you mean Serilog?")]
    [InlineData("""{"MyDashboard": {"Colour": "red"}}""", "MyDashboard is not a section the service reads, so it is ignored")]
    public void An_unknown_section_is_a_warning_naming_it_and_the_closest_one(string json, string expected)
    {
        var warning = Assert.Single(Names.Check(Settings(json)));
        Assert.Equal($"{_folder.Combine("appsettings.json")}: {expected}", warning);
    }

    [Theory]
    [InlineData("MaxPageSzie", "MaxPageSize")]
    [InlineData("maxpagesize", null)]
    [InlineData("Index", "Indexing")]
    [InlineData("Fetchng", "Fetching")]
    [InlineData("Feeds", null)]
    [InlineData("Qx", null)]
    public void The_closest_name_is_a_few_edits_away_or_one_it_begins(string name, string? expected)
    {
        Assert.Equal(expected, SettingNames.Closest(name, ["MaxPageSize", "Indexing", "Fetching", "Search"]));
    }
}
