using Indexer.Api;
using Indexer.Configuration;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Indexer.Indexing;
using Indexer.Metrics;
using Indexer.Pages;
using Indexer.Pipeline;
using Indexer.Retention;
using Indexer.Scheduling;
using Indexer.Search;
using Indexer.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using SchedulingOptions = Indexer.Configuration.SchedulingOptions;
using Serilog;
using Serilog.Formatting.Compact;

namespace Indexer.Hosting;

/// <summary>
/// The service, assembled. Read top to bottom, this is the data flow:
/// config → fetch and parse (Indexer.Feeds) → store (SQLite or PostgreSQL) → index (Lucene, following the store) → search API;
/// alerts follow the store too, and deliver their matches to webhooks.
/// </summary>
public static class IndexerApp
{
    /// <param name="replaceServices">
    /// Applied after the service's own registrations: where a test puts a component of its own in place of one of ours
    /// (a store it can hold still); the service itself never passes one.
    /// </param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var config = builder.AddConfigFolder(args);
        var ignoredSettings = ServiceSettings.CheckNames(builder.Configuration); // a misspelt setting fails here, named
        var feeds = FeedsFile.Load(config.Directory); // fail before anything starts, naming the feed and the field
        var alerts = AlertsRegistration.Load(config, builder.Configuration); // the same for alerts.json, queries included
        builder.AddLogging();
        builder.UseListenUrls();

        builder.Services
            .AddValidatedOptions(builder.Configuration)
            .AddSingleton(new FeedCatalog(feeds))
            .AddFeedFetching(builder.Configuration.GetSection("Fetching"))
            .AddStorage(builder.Configuration)
            .AddSearchIndex(builder.Configuration)
            .AddAlerts(builder.Configuration, alerts)
            .AddPageWorker(builder.Configuration)
            .AddFeedScheduling(builder.Configuration)
            .AddRetention(builder.Configuration)
            .AddSearch()
            .AddKnownProxies(builder.Configuration)
            .AddSearchRateLimiting(builder.Configuration)
            .AddRequestSizeLimits()
            .AddHttpErrors()
            .AddServiceMetrics()
            .AddApiDocument();
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        ReadEverySettingNow(app.Services);
        app.LogIgnoredSettings(ignoredSettings);
        app.UseForwardedHeaders(); // first: the log and the rate limit see the client, not the proxy
        app.UseSerilogRequestLogging(o => o.GetLevel = RequestLogLevel);
        app.UseHttpErrors();
        app.UseRateLimiter();
        app.MapSearchEndpoints();
        app.MapSearchFeedEndpoints();
        app.MapArticleEndpoints();
        app.MapFeedEndpoints();
        app.MapAlertEndpoints();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapSearchPage();
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// Binds and validates every options class before the host starts, so a value that cannot even be converted
    /// ("Fetching:Timeout=abc") is one configuration error line, like a value out of range, and not a host start
    /// failure with a stack trace.
    /// </summary>
    private static void ReadEverySettingNow(IServiceProvider services)
    {
        Func<object>[] settings =
        [
            () => services.GetRequiredService<IOptions<StorageOptions>>().Value,
            () => services.GetRequiredService<IOptions<IndexingOptions>>().Value,
            () => services.GetRequiredService<IOptions<FetchingOptions>>().Value,
            () => services.GetRequiredService<IOptions<SchedulingOptions>>().Value,
            () => services.GetRequiredService<IOptions<SearchOptions>>().Value,
            () => services.GetRequiredService<IOptions<PageOptions>>().Value,
            () => services.GetRequiredService<IOptions<RateLimitOptions>>().Value,
            () => services.GetRequiredService<IOptions<HttpOptions>>().Value,
            () => services.GetRequiredService<IOptions<RetentionOptions>>().Value,
            () => services.GetRequiredService<IOptions<AlertsOptions>>().Value,
        ];
        foreach (var read in settings)
        {
            try
            {
                read();
            }
            catch (InvalidOperationException e)
            {
                throw new ConfigException(ConfigurationErrors.Conversion(e) ?? e.Message.TrimEnd('.'));
            }
        }
        EnsureDataDirectory(services.GetRequiredService<IOptions<StorageOptions>>().Value);
    }

    /// <summary>Sections nobody reads (perhaps an operator's own, perhaps a misspelt one of ours), once the log is set up.</summary>
    private static void LogIgnoredSettings(this WebApplication app, IReadOnlyList<string> warnings)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceSettings));
        foreach (var warning in warnings) log.LogWarning("Settings: {Warning}", warning);
    }

    /// <summary>A data folder that cannot be made fails the start naming the setting, not a path deep in the store.</summary>
    private static void EnsureDataDirectory(StorageOptions storage)
    {
        var path = Path.GetFullPath(storage.DataDirectory);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Storage:DataDirectory: cannot create \"{path}\": {e.Message}", e);
        }
    }

    /// <summary>
    /// Layers settings: built-in defaults, then the config folder's appsettings.json, then environment variables
    /// (Section__Key) and the command line, which win.
    /// </summary>
    private static ConfigLocation AddConfigFolder(this WebApplicationBuilder builder, string[] args)
    {
        var location = ConfigLocation.Resolve(builder.Configuration[ConfigLocation.ConfigurationKey]);
        builder.Services.AddSingleton(location);
        try
        {
            builder.Configuration.AddJsonFile(location.AppSettingsPath, optional: true, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            throw ConfigurationErrors.AppSettings(location, e);
        }
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return location;
    }

    private static void AddLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration["Logging:Format"]?.Trim().ToLowerInvariant();
        if (format is not (null or "" or "text" or "json"))
            throw new ConfigException($"Logging:Format: \"{format}\" is not allowed; use text or json");
        CheckLogLevels(builder.Configuration.GetSection("Serilog:MinimumLevel"));
        var json = format == "json";
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting", Serilog.Events.LogEventLevel.Information)
                .MinimumLevel.Override("Quartz", Serilog.Events.LogEventLevel.Warning)
                // Each fetch already logs one line of its own; the client's per-request lines would double it.
                .MinimumLevel.Override("System.Net.Http.HttpClient", Serilog.Events.LogEventLevel.Warning)
                .Enrich.FromLogContext()
                // A failed start is reported by Program as one line; the host's own report would add a stack trace.
                .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("Hosting failed to start", StringComparison.Ordinal));
            if (json)
                logger.WriteTo.Console(new CompactJsonFormatter());
            else
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        });
        var serilogFactory = builder.Services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new CachingLoggerFactory((ILoggerFactory)(
            serilogFactory.ImplementationInstance
            ?? serilogFactory.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, serilogFactory.ImplementationType!)))));
    }

    /// <summary>
    /// Serilog reads its levels only when the first logger is made, once the host is starting, and its complaint
    /// ("The value Loud is not a valid Serilog level") names no setting. The same test as Serilog's (a level name or
    /// number, any case); "$name" refers to a level switch, which Serilog resolves itself.
    /// </summary>
    private static void CheckLogLevels(IConfigurationSection minimum)
    {
        IEnumerable<IConfigurationSection> levels = [minimum, minimum.GetSection("Default"), .. minimum.GetSection("Override").GetChildren()];
        foreach (var level in levels)
        {
            if (level.Value is { } value && !value.StartsWith('$') && !Enum.TryParse<Serilog.Events.LogEventLevel>(value, ignoreCase: true, out _))
                throw new ConfigException($"{level.Path}: \"{value}\" is not a log level; use Verbose, Debug, Information, Warning, Error or Fatal");
        }
    }

    /// <summary>
    /// Probes and scrapes arrive every few seconds for the life of the container; they are logged only at Debug so
    /// that the log shows what people and programs asked. Failures are logged whatever the path.
    /// </summary>
    private static Serilog.Events.LogEventLevel RequestLogLevel(HttpContext context, double elapsedMs, Exception? error)
    {
        if (error is not null || context.Response.StatusCode >= 500) return Serilog.Events.LogEventLevel.Error;
        var path = context.Request.Path;
        return path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")
            ? Serilog.Events.LogEventLevel.Debug
            : Serilog.Events.LogEventLevel.Information;
    }

    private static IServiceCollection AddValidatedOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    private static IServiceCollection AddSearchIndex(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIndex(configuration);
        services.AddHostedService<StoreAndIndexStartup>();
        services.AddHostedService<IndexingService>();
        return services;
    }

    /// <summary>Fetches the pages the store queued, for their stories (Pages/PageWorker), beside feed refresh.</summary>
    private static IServiceCollection AddPageWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PageOptions>().Bind(configuration.GetSection(PageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PageOptions>, PageOptionsValidator>();
        services.AddHostedService<PageWorker>();
        return services;
    }

    private static IServiceCollection AddFeedScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        // Quartz threads beyond the fetcher's global cap would only wait on it; one setting governs both.
        var maxConcurrent = configuration.GetSection(FetchingOptions.SectionName).Get<FetchingOptions>()?.MaxConcurrentFetches
            ?? new FetchingOptions().MaxConcurrentFetches;
        services.AddSingleton<FeedScheduler>();
        services.AddSingleton<FeedBackoff>();
        services.AddSingleton<PollingInterval>();
        services.AddSingleton<FeedRefresher>();
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(1, maxConcurrent));
            q.UseClusteredStoreWhenShared(configuration);
            q.AddRetentionJob();
        });
        // Registered after indexing so it stops first: in-flight fetches finish, then the index takes a last commit.
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService(sp => sp.GetRequiredService<FeedScheduler>());
        services.AddHostedService<FeedsFileWatcher>();
        return services;
    }

    private static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<ArticleSearcher>();
        services.AddSingleton<SimilarArticleFinder>();
        return services;
    }

    /// <summary>
    /// The API only answers GETs, so requests stay small; the request line is the exception, because a Gujarati
    /// letter is nine bytes once percent-encoded, and a query several times Search:MaxQueryLength should still
    /// reach our own "q: longer than" answer rather than Kestrel's bare 414.
    /// </summary>
    private static IServiceCollection AddRequestSizeLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SearchOptions>>((kestrel, search) =>
        {
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = Math.Max(64 * 1024, search.Value.MaxQueryLength * 9 + 4 * 1024);
        });
        return services;
    }

    /// <summary>One registry per host: the tests run several hosts in one process, and counts must not leak between them.</summary>
    private static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            Prometheus.DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<IndexerMetrics>();
        services.AddSingleton<ServiceStateGauges>();
        return services;
    }

    private static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Gujarati news indexer";
                document.Info.Description = "Search, read and follow the indexed Gujarati news feeds. Errors are RFC 9457 problem+json.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer<QueryParameterDocsTransformer>();
        });
        return services;
    }
}
