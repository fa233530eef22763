using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Holds the article store (articles.db) and the index (index/).</summary>
    public string DataDirectory { get; set; } = "./data";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "articles.db");
    public string IndexPath => Path.Combine(Path.GetFullPath(DataDirectory), "index");
}

public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.DataDirectory)
            ? ValidateOptionsResult.Fail("Storage:DataDirectory must name a folder")
            : ValidateOptionsResult.Success;
}
