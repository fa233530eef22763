using Indexer.Configuration;
using Npgsql;
using Quartz;
using SchedulingOptions = Indexer.Configuration.SchedulingOptions;

namespace Indexer.Hosting;

/// <summary>
/// With the store on PostgreSQL, the schedule lives there too: Quartz's ADO.NET job store on the same database,
/// clustered. Each feed is then fired on one instance at a time ([DisallowConcurrentExecution] holds across the
/// cluster), a fetch cut off by a dead instance is recovered by another, and retention runs once per cluster.
/// With SQLite (one instance) the schedule stays in memory, as before.
/// </summary>
public static class ClusteredScheduling
{
    public static void UseClusteredStoreWhenShared(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider != StorageProvider.Postgres || string.IsNullOrWhiteSpace(storage.ConnectionString)) return;
        var scheduling = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();

        // Every instance must name the scheduler alike to share one schedule; each gets its own instance id.
        quartz.ConfigureScheduler(s =>
        {
            s.InstanceName = "gujarati-news-indexer";
            if (!string.IsNullOrWhiteSpace(scheduling.InstanceId)) s.InstanceId = scheduling.InstanceId;
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(NpgsqlFactory.Instance, storage.ConnectionString);
            store.UseSystemTextJsonSerializer();
            // Several instances may create the tables at once; whichever loses the race finds them made.
            store.ProvisionSchema();
            store.ConfigureStore(o => o.MisfireThreshold = scheduling.MisfireThreshold);
            store.UseClustering(c =>
            {
                c.CheckinInterval = scheduling.CheckinInterval;
                c.CheckinMisfireThreshold = scheduling.CheckinInterval;
            });
        });
    }
}
