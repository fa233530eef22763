using Indexer.Api;
using Indexer.Configuration;
using Indexer.Feeds.Fetching;
using Indexer.Retention;
using SchedulingOptions = Indexer.Configuration.SchedulingOptions;

namespace Indexer.Hosting;

/// <summary>
/// The service's settings by name: the sections it owns, each with the options class bound from it, and the
/// top-level names that others read. The service and every command check what they are given against it.
/// </summary>
public static class ServiceSettings
{
    public static SettingNames Names { get; } = new(
        new Dictionary<string, Type>
        {
            [StorageOptions.Section] = typeof(StorageOptions),
            [FetchingOptions.SectionName] = typeof(FetchingOptions),
            [SchedulingOptions.Section] = typeof(SchedulingOptions),
            [PageOptions.Section] = typeof(PageOptions),
            [IndexingOptions.Section] = typeof(IndexingOptions),
            [SearchOptions.Section] = typeof(SearchOptions),
            [RateLimitOptions.Section] = typeof(RateLimitOptions),
            [HttpOptions.Section] = typeof(HttpOptions),
            [RetentionOptions.Section] = typeof(RetentionOptions),
            [AlertsOptions.Section] = typeof(AlertsOptions),
        },
        [
            ConfigLocation.ConfigurationKey,
            // Read by the libraries, under names of their own; Logging:Format is ours, beside .NET's LogLevel.
            "Serilog", "Logging", "Kestrel", "AllowedHosts", "ConnectionStrings",
            // The web host's own settings (--urls, --environment, ASPNETCORE_HTTP_PORTS...).
            "urls", "http_ports", "https_ports", "https_port", "environment", "applicationName", "contentRoot",
            "webroot", "detailedErrors", "shutdownTimeoutSeconds", "suppressStatusMessages", "captureStartupErrors",
            "hostingStartupAssemblies", "hostingStartupExcludeAssemblies", "preventHostingStartup", "pathBase",
        ]);

    /// <summary>The settings' names checked once, at the start of the service or of a command; returns the warnings.</summary>
    /// <exception cref="ConfigException">A key under one of the service's sections is no setting.</exception>
    public static IReadOnlyList<string> CheckNames(IConfigurationRoot configuration) => Names.Check(configuration);
}
