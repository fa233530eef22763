namespace Indexer.Configuration;

/// <summary>Where the operator's config folder is: INDEXER_CONFIG_DIR, else ./config.</summary>
public sealed record ConfigLocation(string Directory)
{
    public const string EnvironmentVariable = "INDEXER_CONFIG_DIR";
    /// <summary>The same setting as a configuration key, so tests and the command line can set it per host.</summary>
    public const string ConfigurationKey = "ConfigDirectory";

    public string FeedsPath => Path.Combine(Directory, FeedsFile.FileName);
    public string AlertsPath => Path.Combine(Directory, AlertsFile.FileName);
    public string AppSettingsPath => Path.Combine(Directory, "appsettings.json");

    public static ConfigLocation Resolve(string? configured) =>
        new(Path.GetFullPath(configured ?? Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "config"));
}
