using Indexer.Alerts;
using Indexer.Configuration;
using Indexer.Indexing;
using Microsoft.Extensions.Options;

namespace Indexer.Hosting;

/// <summary>
/// Saved searches that call webhooks: alerts.json (checked with the search's own parser, before anything starts),
/// the matcher that follows the store, the worker that delivers the outbox, and the watcher that applies edits.
/// </summary>
public static class AlertsRegistration
{
    /// <summary>
    /// Reads alerts.json as the service would at start, queries checked against the Search settings in force;
    /// throws <see cref="ConfigException"/> naming the alert and the field.
    /// </summary>
    public static IReadOnlyList<AlertDefinition> Load(ConfigLocation config, IConfiguration configuration) =>
        AlertsFile.Load(config.Directory, a => QueryCheck(SearchSettings(configuration))(a));

    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<AlertDefinition> alerts)
    {
        services.AddOptions<AlertsOptions>().Bind(configuration.GetSection(AlertsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        services.AddSingleton(new AlertCatalog(alerts));
        services.AddSingleton(sp => QueryCheck(sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        WebhookSender.Register(services);
        services.AddSingleton<AlertMatcher>();
        services.AddSingleton<DeliveryNudge>();
        services.AddHostedService<AlertMatchingService>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService<AlertsFileWatcher>();
        services.AddHostedService<AlertFeedWarnings>();
        return services;
    }

    private static SearchOptions SearchSettings(IConfiguration configuration) =>
        configuration.GetSection(SearchOptions.Section).Get<SearchOptions>() ?? new SearchOptions();

    private static AlertQueryCheck QueryCheck(SearchOptions search)
    {
        var analyzer = ArticleIndex.CreateAnalyzer();
        return alert => CompiledAlert.Problem(alert, analyzer, search);
    }
}
