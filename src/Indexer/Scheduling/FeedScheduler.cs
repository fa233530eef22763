using Indexer.Configuration;
using Indexer.Storage;
using Microsoft.Extensions.Options;
using Quartz;
using SchedulingOptions = Indexer.Configuration.SchedulingOptions;

namespace Indexer.Scheduling;

/// <summary>
/// Keeps Quartz's jobs equal to the configured feeds: at start, and after each change of the <see cref="FeedCatalog"/>,
/// adds, removes and reschedules by difference.
/// </summary>
public sealed class FeedScheduler(
    ISchedulerFactory schedulerFactory,
    FeedCatalog catalog,
    IClusterLocks locks,
    IFeedStateStore feedStates,
    IOptions<SchedulingOptions> options,
    TimeProvider clock,
    ILogger<FeedScheduler> logger) : IHostedService
{
    public const string Group = "feeds";
    private const string ScheduleKey = "schedule";
    private const string UrlKey = "url";

    /// <summary>The feeds this instance's own feeds.json scheduled last time: a job outside it was put there by another instance.</summary>
    private HashSet<string> _scheduledHere = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ApplyAsync(catalog.Feeds, cancellationToken);
        catalog.Subscribe(ApplyAsync);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ApplyAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        // Every instance of a cluster applies the same feeds.json to the one schedule in the database; one at a
        // time, so the later ones find the work done instead of racing to create the same jobs.
        await using var applying = await locks.AcquireAsync("feed-schedule", cancellationToken);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var wanted = feeds.Where(f => f.Enabled).ToDictionary(f => f.Id);
        if (wanted.Count == 0)
        {
            // Runs fine and answers searches, but gathers nothing: most likely not what the operator meant.
            logger.LogWarning("No feed to fetch: {FeedsFile} lists {Count} feeds and none is enabled; add one (edits are picked up without a restart)",
                FeedsFile.FileName, feeds.Count);
        }

        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken))
        {
            if (!wanted.ContainsKey(key.Name))
            {
                await scheduler.DeleteJob(key, cancellationToken);
                if (_scheduledHere.Contains(key.Name))
                    logger.LogInformation("Feed {FeedId} unscheduled", key.Name);
                else
                    logger.LogWarning("Feed {FeedId} unscheduled for the whole cluster: another instance scheduled it, and the feeds.json of instance {Instance} does not list it (or disables it). Every instance needs the same feeds.json",
                        key.Name, scheduler.SchedulerInstanceId);
            }
        }

        _scheduledHere = [.. wanted.Keys];

        // Read once for every feed, not once per feed: a start schedules all of them under the cluster's lock.
        var states = await feedStates.GetAllAsync(cancellationToken);
        foreach (var feed in wanted.Values)
        {
            try
            {
                await ScheduleAsync(scheduler, feed, states.GetValueOrDefault(feed.Id), cancellationToken);
            }
            catch (SchedulerException e)
            {
                // One feed Quartz refuses must not cost the others their schedule.
                logger.LogError("Feed {FeedId} could not be scheduled ({Schedule}): {Error}", feed.Id, feed.Schedule, e.Message);
            }
        }
    }

    private async Task ScheduleAsync(IScheduler scheduler, FeedDefinition feed, FeedState? state, CancellationToken cancellationToken)
    {
        var jobKey = new JobKey(feed.Id, Group);
        var triggerKey = new TriggerKey(feed.Id, Group);
        var existing = await scheduler.GetTrigger(triggerKey, cancellationToken);
        if (existing is null)
        {
            // Recovery: a fetch cut off by an instance that died is run again by another as soon as the cluster
            // notices (Scheduling:CheckinInterval), instead of waiting for the next fire.
            var job = JobBuilder.Create<FetchFeedJob>().WithIdentity(jobKey).RequestRecovery().Build();
            var trigger = CreateTrigger(feed, triggerKey, ScheduleStart(feed, state));
            await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
            logger.LogInformation("Feed {FeedId} scheduled: {Schedule}, next fetch {Next:O}", feed.Id, feed.Schedule, FirstFire(trigger));
        }
        else if (existing.JobDataMap.GetString(ScheduleKey) != feed.Schedule || existing.JobDataMap.GetString(UrlKey) != feed.Url.AbsoluteUri)
        {
            var trigger = CreateTrigger(feed, triggerKey, ScheduleStart(feed, state));
            await scheduler.RescheduleJob(triggerKey, trigger, cancellationToken);
            logger.LogInformation("Feed {FeedId} rescheduled: {Schedule}, next fetch {Next:O}", feed.Id, feed.Schedule, FirstFire(trigger));
        }
    }

    /// <summary>
    /// When the feed will next be fetched: its schedule's next fire, or, while it must wait (back-off, the
    /// adaptive interval of an "auto" feed), the first fire at or after <paramref name="notBefore"/>, since the
    /// job sits out the fires before it. Null when the feed is not scheduled.
    /// </summary>
    public async Task<DateTimeOffset?> NextFetchTimeAsync(string feedId, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var trigger = await scheduler.GetTrigger(new TriggerKey(feedId, Group), cancellationToken);
        if (trigger?.NextFireTimeUtc is not { } next) return null;
        return notBefore is { } wait && wait > next ? trigger.GetFireTimeAfter(wait.AddTicks(-1)) : next;
    }

    /// <summary>
    /// A fixed interval counts from the feed's last fetch, which the store keeps across restarts: a restart (or a new
    /// release rolled over every instance) does not ask every publisher again at once, and the service is not busy
    /// parsing every feed when it should be answering searches. A feed never fetched, or due during the downtime,
    /// is fetched now, and so is one whose url the operator has changed since its last fetch (often to fix a broken
    /// address). Cron schedules and "auto" feeds need nothing: the first has its own times, the second waits out its
    /// stored adaptive interval.
    /// </summary>
    private DateTimeOffset ScheduleStart(FeedDefinition feed, FeedState? state)
    {
        var now = clock.GetUtcNow();
        if (feed.Cron is not null || feed.Interval is not { } interval) return now;
        return state is { LastFetchedAt: { } at } && state.FetchedFrom == feed.Url.AbsoluteUri && at + interval > now ? at + interval : now;
    }

    // A cron trigger starts now but first fires at its next matching time; an interval's fires at its start.
    private static DateTimeOffset? FirstFire(ITrigger trigger) => trigger.GetFireTimeAfter(trigger.StartTimeUtc.AddTicks(-1));

    private ITrigger CreateTrigger(FeedDefinition feed, TriggerKey key, DateTimeOffset start)
    {
        var builder = TriggerBuilder.Create().WithIdentity(key).UsingJobData(ScheduleKey, feed.Schedule).UsingJobData(UrlKey, feed.Url.AbsoluteUri).StartAt(start);
        // A fire missed while every thread was busy (a long feed list at start) runs once as soon as a thread is
        // free, then the schedule carries on: missed fires collapse into one instead of piling up, and none is lost.
        return feed.Cron is not null
            ? builder.WithCronSchedule(feed.Cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build()
            // An "auto" feed is looked at every MinInterval; its job skips fires until the adaptive wait has passed.
            : builder.WithSimpleSchedule(s => s.WithInterval(feed.Interval ?? options.Value.MinInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)).Build();
    }
}
