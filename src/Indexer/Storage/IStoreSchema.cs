namespace Indexer.Storage;

/// <summary>
/// The store's tables, created and migrated at start. Safe to run from several instances at once (only one
/// migrates, the others wait and find the work done) and idempotent. The version reached is recorded in the
/// database; a database whose version is newer than this program knows is refused, never written to.
/// </summary>
public interface IStoreSchema
{
    /// <summary>The newest schema version this program knows.</summary>
    int LatestVersion { get; }

    /// <summary>Brings the database to <see cref="LatestVersion"/>; throws <see cref="StoreSchemaException"/> when it cannot.</summary>
    Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken);
}

/// <param name="From">The version found (0 for an empty database).</param>
/// <param name="To">The version the database has now.</param>
public sealed record SchemaMigration(int From, int To);

/// <summary>One step of a provider's schema: applied once, in version order, inside the migration's transaction.</summary>
public sealed record SchemaStep(int Version, string Description, string Sql);

/// <summary>The store cannot be used as it is: a newer schema, or a database that cannot be reached. The message is one line.</summary>
public sealed class StoreSchemaException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static StoreSchemaException Newer(int found, int known) => new(
        $"the store's schema is version {found}, newer than this program knows ({known}); run the newer program, or point Storage at another database");
}
