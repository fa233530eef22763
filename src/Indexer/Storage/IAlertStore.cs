namespace Indexer.Storage;

/// <summary>
/// What the alerts remember: how far the matcher has followed the change log, where each alert started, and the
/// outbox of matches to deliver. A match and the matcher's progress past it are written in one transaction, so a
/// crash either loses both (the matcher matches again) or keeps both: a match is never lost and never made twice.
/// The store knows the payload only as text; the alerts decide what it says.
/// </summary>
public interface IAlertStore
{
    /// <summary>The last change the matcher has dealt with; null before it first ran.</summary>
    Task<long?> GetMatcherProgressAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records, for alerts seen for the first time, that they match only changes after <paramref name="startSequence"/>;
    /// alerts already known keep where they started. Returns every known alert's start.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> RegisterAlertsAsync(IReadOnlyCollection<string> alertIds, long startSequence, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: moves the matcher's progress from <paramref name="from"/> (null: never ran) to
    /// <paramref name="to"/> and adds the matches to the outbox, each (alert, article) at most once ever. Returns the
    /// matches that were new; null, writing nothing, when the progress was no longer <paramref name="from"/> (another
    /// matcher got there first).
    /// </summary>
    Task<IReadOnlyList<AlertMatch>?> CommitMatchesAsync(long? from, long to, IReadOnlyList<AlertMatch> matches, CancellationToken cancellationToken);

    /// <summary>
    /// Undelivered matches after <paramref name="after"/> in the outbox's order (by change number, then alert), at most
    /// <paramref name="limit"/>: a reader that moves its place to the last one read gets each match once.
    /// </summary>
    Task<IReadOnlyList<PendingDelivery>> ReadPendingAfterAsync(OutboxPlace after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// One alert's oldest undelivered matches up to <paramref name="through"/> (included), oldest first, at most
    /// <paramref name="limit"/>: all a worker sending in order may send next for it, however long its backlog is.
    /// </summary>
    Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string alertId, OutboxPlace through, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a pending delivery for one attempt until <paramref name="until"/> (counting the attempt); false when it is
    /// no longer pending or another worker holds it, so no two workers ever send it at once.
    /// </summary>
    Task<bool> ClaimAsync(string deliveryId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>The receiver acknowledged the delivery.</summary>
    Task MarkDeliveredAsync(string deliveryId, int httpStatus, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>An attempt failed: try again at <paramref name="retryAt"/>, or give up when it is null.</summary>
    Task MarkAttemptFailedAsync(string deliveryId, int? httpStatus, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>Per alert id: how its matches stand. Alerts without matches are absent.</summary>
    Task<IReadOnlyDictionary<string, AlertDeliveryStats>> GetStatsAsync(CancellationToken cancellationToken);
}

/// <summary>A new match for the outbox.</summary>
/// <param name="Sequence">The article change that matched: deliveries to one webhook go in this order.</param>
/// <param name="Payload">The exact body every attempt sends, fixed now so that retries are byte-for-byte the same.</param>
public sealed record AlertMatch(string DeliveryId, string AlertId, string ArticleId, long Sequence, string Payload, DateTimeOffset MatchedAt);

public sealed record PendingDelivery(string DeliveryId, string AlertId, string ArticleId, long Sequence, string Payload,
    DateTimeOffset MatchedAt, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? ClaimedUntil);

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>A place in the outbox's order: by the change that matched, then by alert (a change matches an alert once).</summary>
public readonly record struct OutboxPlace(long Sequence, string AlertId)
{
    /// <summary>Before every delivery.</summary>
    public static OutboxPlace Start { get; } = new(long.MinValue, "");
}

public sealed record AlertDeliveryStats(long Matches, long Delivered, long Pending, long Failed,
    DateTimeOffset? LastDeliveredAt, string? LastError, DateTimeOffset? LastErrorAt);
