using Indexer.Configuration;

namespace Indexer.Cli;

/// <summary>The same settings the service would see: config folder's appsettings.json, environment, arguments.</summary>
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

    /// <summary>Arguments that are not --key=value settings.</summary>
    public static List<string> Positional(string[] args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (!args[i].Contains('=')) i++;
                continue;
            }
            positional.Add(args[i]);
        }
        return positional;
    }
}
