using Indexer.Configuration;
using Indexer.Indexing;
using Microsoft.Extensions.Options;

namespace Indexer.Hosting;

/// <summary>The index and what follows the store into it, with their settings: shared by the service and <c>reindex</c>.</summary>
public static class IndexRegistration
{
    public static IServiceCollection AddIndex(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IndexingOptions>().Bind(configuration.GetSection(IndexingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IndexingOptions>, IndexingOptionsValidator>();
        services.AddSingleton<ArticleIndex>();
        services.AddSingleton<IndexSynchronizer>();
        services.AddSingleton<IndexCompactor>();
        return services;
    }
}
