using Indexer.Configuration;

namespace Indexer.Cli;

/// <summary>The same settings the service would see: config folder's appsettings.json, environment, then the settings given to the command.</summary>
public static class CommandConfiguration
{
    /// <summary>The config folder: --ConfigDirectory, else INDEXER_CONFIG_DIR, else ./config.</summary>
    public static ConfigLocation Location(string[] args) =>
        ConfigLocation.Resolve(new ConfigurationBuilder().AddCommandLine(args).Build()[ConfigLocation.ConfigurationKey]);

    public static IConfiguration Build(string[] args)
    {
        var location = Location(args);
        return new ConfigurationBuilder()
            .AddJsonFile(location.AppSettingsPath, optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
    }
}
