using System.Text.Json;
using Indexer.Tests.Support;

namespace Indexer.Tests.Alerts;

/// <summary>
/// Two service processes on one PostgreSQL with the same alerts, as a cluster runs them: each match is made and
/// delivered once (one matcher, one delivery worker at a time), and when the instance doing the work is killed,
/// the other takes over.
/// </summary>
[NeedsTool(Tool.PostgreSql)]
public sealed class AlertClusterTests : LocalServiceTest
{
    [ToolFact]
    public async Task Two_instances_deliver_each_match_once_and_the_survivor_takes_over_after_kill_9()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        Config.Write("alerts.json", JsonSerializer.Serialize(new { alerts = new[] { new { id = "russia", query = "રશિયા", webhook = receiver.Url, secret = "s" } } }));
        ServeOneFeed("/news.xml", TestData.Rss(("one", "રશિયાના સમાચાર એક", "રશિયાના સમાચાર."), ("two", "રશિયાના સમાચાર બે", "રશિયાના બીજા સમાચાર.")));
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        Dictionary<string, string> Environment(string name) => new()
        {
            ["Storage__Provider"] = "postgres",
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__DataDirectory"] = Data.Combine(name),
            ["Scheduling__CheckinInterval"] = "00:00:01",
            ["Scheduling__MisfireThreshold"] = "00:00:01",
            ["Scheduling__InstanceId"] = name,
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        await using var first = await ServiceProcess.StartAsync(Config.Path, Data.Combine("a"), Environment("a"));
        await using var second = await ServiceProcess.StartAsync(Config.Path, Data.Combine("b"), Environment("b"));

        var delivered = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(30));
        await Task.Delay(3000); // both instances have been matching and delivering all along
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(2, receiver.Received.Select(d => d.ArticleTitle).Distinct().Count());

        // Whichever instance holds the matcher and the delivery worker, killing the first leaves the second to it.
        first.Kill();
        Feeds.Serve("/news.xml", TestData.Rss(("three", "રશિયાના સમાચાર ત્રણ", "રશિયાના ત્રીજા સમાચાર.")));
        var all = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(45));
        Assert.Equal("રશિયાના સમાચાર ત્રણ", all[2].ArticleTitle);
        await Task.Delay(2000);
        Assert.Equal(3, receiver.Received.Select(d => d.DeliveryId).Distinct().Count());
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(3, (await second.GetJsonAsync("/alerts"))[0].GetProperty("delivered").GetInt64());
    }
}
