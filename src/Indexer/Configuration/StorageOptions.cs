using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Indexer.Configuration;

/// <summary>Where articles live: the embedded SQLite file (one instance), or a PostgreSQL database several instances share.</summary>
/// <remarks>The JSON names are how settings and the README write them, and how a wrong value is answered.</remarks>
public enum StorageProvider
{
    [JsonStringEnumMemberName("sqlite")] Sqlite,
    [JsonStringEnumMemberName("postgres")] Postgres,
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Npgsql form (Host=…;Database=…;Username=…); required for postgres, unused for sqlite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Holds this instance's index (index/) and, for sqlite, the article store (articles.db).</summary>
    public string DataDirectory { get; set; } = "./data";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "articles.db");
    public string IndexPath => Path.Combine(Path.GetFullPath(DataDirectory), "index");
}

public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            return ValidateOptionsResult.Fail("Storage:DataDirectory must name a folder");
        if (!Enum.IsDefined(options.Provider))
            return ValidateOptionsResult.Fail("Storage:Provider must be sqlite or postgres");
        if (options.Provider == StorageProvider.Postgres)
            return ConnectionStringProblem(options.ConnectionString) is { } problem
                ? ValidateOptionsResult.Fail($"Storage:ConnectionString {problem}")
                : ValidateOptionsResult.Success;
        return ValidateOptionsResult.Success;
    }

    private static string? ConnectionStringProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return "is required when Storage:Provider is postgres (e.g. \"Host=db;Database=indexer;Username=indexer;Password=…\")";
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? "names no Host" : null;
        }
        catch (ArgumentException e)
        {
            // The message names the offending keyword; the password is never echoed.
            return $"is not a valid Npgsql connection string: {e.Message}";
        }
    }
}
