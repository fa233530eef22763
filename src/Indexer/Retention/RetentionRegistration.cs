using Microsoft.Extensions.Options;
using Quartz;

namespace Indexer.Retention;

public static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionPolicy>();
        return services;
    }

    /// <summary>Schedules <see cref="RetentionJob"/> on Retention:Schedule, read from the validated options.</summary>
    public static void AddRetentionJob(this IQuartzBuilder quartz)
    {
        quartz.AddJob<RetentionJob>(job => job.WithIdentity(RetentionJob.Key));
        quartz.AddTrigger((services, trigger) => trigger
            .ForJob(RetentionJob.Key)
            .WithIdentity(RetentionJob.Key.Name, RetentionJob.Key.Group)
            .WithCronSchedule(services.GetRequiredService<IOptions<RetentionOptions>>().Value.Schedule, cron => cron.InTimeZone(TimeZoneInfo.Utc)));
    }
}
