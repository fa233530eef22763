using Indexer.Configuration;
using Indexer.Hosting;

namespace Indexer.Cli;

/// <summary>The same settings the service would see: config folder's appsettings.json, environment, then the settings given to the command.</summary>
public static class CommandConfiguration
{
    /// <summary>The config folder: --ConfigDirectory, else INDEXER_CONFIG_DIR, else ./config.</summary>
    public static ConfigLocation Location(string[] args) => ConfigLocation.Resolve(Given(args, ConfigLocation.ConfigurationKey));

    /// <summary>A setting as given on the command line itself, ignoring the config folder and the environment.</summary>
    public static string? Given(string[] args, string key) => new ConfigurationBuilder().AddCommandLine(args).Build()[key];

    /// <exception cref="ConfigException">appsettings.json does not load.</exception>
    public static IConfigurationRoot Build(string[] args)
    {
        var location = Location(args);
        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(location.AppSettingsPath, optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(args)
                .Build();
        }
        catch (InvalidDataException e)
        {
            throw ConfigurationErrors.AppSettings(location, e);
        }
    }

    /// <summary>
    /// The settings' names checked as the service checks them at start (Hosting/ServiceSettings), once per command;
    /// returns the warnings.
    /// </summary>
    /// <exception cref="ConfigException">A key under one of the service's sections is no setting, or appsettings.json does not load.</exception>
    public static IReadOnlyList<string> CheckNames(string[] args) => ServiceSettings.CheckNames(Build(args));
}
