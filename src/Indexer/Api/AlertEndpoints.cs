using Indexer.Configuration;
using Indexer.Storage;

namespace Indexer.Api;

/// <summary>One configured alert and how its deliveries stand, for <c>GET /alerts</c>. Secrets are never shown.</summary>
/// <param name="Webhook">Scheme, host and port only: a webhook's path often is its password (chat services put tokens there).</param>
public sealed record AlertStatusView(
    string Id,
    string Query,
    IReadOnlyList<string> Feed,
    string? Language,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool Enabled,
    string Webhook,
    long Matches,
    long Delivered,
    long Pending,
    long Failed,
    DateTimeOffset? LastDeliveredAt,
    string? LastError,
    DateTimeOffset? LastErrorAt);

public static class AlertEndpoints
{
    /// <summary>
    /// Where an alert delivers, as /alerts shows it: scheme, host and port. A webhook's path and query are often its
    /// password, and so is a user:password@ before the host, which the URI's "authority" part would have shown.
    /// </summary>
    public static string WebhookShown(Uri webhook) => $"{webhook.Scheme}://{webhook.Authority}/…";

    public static void MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alerts", async (AlertCatalog catalog, IAlertStore store, CancellationToken cancellationToken) =>
            {
                var stats = await store.GetStatsAsync(cancellationToken);
                var views = catalog.Alerts.Select(alert =>
                {
                    var s = stats.GetValueOrDefault(alert.Id) ?? new AlertDeliveryStats(0, 0, 0, 0, null, null, null);
                    return new AlertStatusView(alert.Id, alert.Query, alert.Feeds, alert.Language, alert.From, alert.To, alert.Enabled,
                        WebhookShown(alert.Webhook), s.Matches, s.Delivered, s.Pending, s.Failed,
                        s.LastDeliveredAt, s.LastError, s.LastErrorAt);
                });
                return Results.Ok(views.ToList());
            })
            .WithName("ListAlerts")
            .WithSummary("Configured alerts and how their deliveries stand")
            .WithDescription("""
                One entry per alert in alerts.json: its query and filters, whether it is enabled, the webhook's host, and its
                matches counted by state (delivered, pending, failed: given up after Alerts:MaxRetryAge), the last delivery's
                time and the last failed attempt's error.
                """)
            .Produces<List<AlertStatusView>>();
    }
}
