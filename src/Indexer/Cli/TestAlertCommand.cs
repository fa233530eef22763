using System.CommandLine;
using Indexer.Alerts;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Hosting;
using Microsoft.Extensions.Options;

namespace Indexer.Cli;

/// <summary>
/// <c>test-alert &lt;id&gt;</c>: sends one sample delivery to the alert's webhook, signed as a real one, and prints the
/// answer, so an operator can check the receiver before news arrives. The sample says <c>"test": true</c>.
/// </summary>
public static class TestAlertCommand
{
    private static readonly Argument<string> AlertId = new("id") { Description = "The alert's id in alerts.json." };

    public static Command Create(string[] settings)
    {
        var command = new Command("test-alert", "Send a sample delivery to an alert's webhook, signed as a real one, and print the answer.") { AlertId };
        command.SetAction(parsed => RunAsync(parsed.GetRequiredValue(AlertId), settings));
        return command;
    }

    private static async Task<int> RunAsync(string id, string[] settings)
    {
        var configuration = CommandConfiguration.Build(settings);
        // An error in alerts.json or in a setting is bad configuration: IndexerCommandLine answers it (exit 2).
        var alerts = AlertsRegistration.Load(CommandConfiguration.Location(settings), configuration);
        if (alerts.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase)) is not { } alert)
        {
            var known = alerts.Count == 0 ? "alerts.json has none" : "the alerts are " + string.Join(", ", alerts.Select(a => a.Id));
            return IndexerCommandLine.Fail("test-alert", $"no alert \"{id}\"; {known}");
        }

        var services = new ServiceCollection().AddLogging();
        services.AddOptions<AlertsOptions>().Bind(configuration.GetSection(AlertsOptions.Section));
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        WebhookSender.Register(services);
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredService<WebhookSender>();
        _ = provider.GetRequiredService<IOptions<AlertsOptions>>().Value;

        var deliveryId = "test-" + AlertPayload.NewDeliveryId();
        var payload = AlertPayload.Create(alert.Id, deliveryId, SampleArticle(), "ગુજરાતી સમાચાર: a sample delivery from <mark>test-alert</mark>.", test: true);
        Console.WriteLine($"POST {alert.Webhook} (alert {alert.Id}, delivery {deliveryId})");
        var outcome = await sender.SendAsync(alert, deliveryId, payload, CancellationToken.None);
        Console.WriteLine(outcome.Status is { } status
            ? $"answer: HTTP {status} in {outcome.Duration.TotalMilliseconds:0} ms"
            : $"no answer after {outcome.Duration.TotalMilliseconds:0} ms");
        if (outcome.Body.Length > 0) Console.WriteLine(outcome.Body);
        return outcome.Delivered ? 0 : IndexerCommandLine.Fail("test-alert", $"not delivered: {outcome.Error}");
    }

    private static Article SampleArticle() => new()
    {
        Id = "test-alert",
        FeedId = "test-alert",
        Title = "Test delivery: ગુજરાતી સમાચાર",
        Body = "",
        Language = "gu",
        Published = DateTimeOffset.UtcNow,
        Author = "Gujarati news indexer",
    };
}
