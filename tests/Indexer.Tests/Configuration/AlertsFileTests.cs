using Indexer.Alerts;
using Indexer.Configuration;
using Indexer.Indexing;

namespace Indexer.Tests.Configuration;

/// <summary>alerts.json is read as strictly as feeds.json: every mistake names the file, the alert and the field.</summary>
public sealed class AlertsFileTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["ALERT_RUSSIA_SECRET"] = "from-the-environment" };

    private static IReadOnlyList<AlertDefinition> Parse(string json) =>
        AlertsFile.Parse(json, "alerts.json", a => CompiledAlert.Problem(a, ArticleIndex.CreateAnalyzer(), new SearchOptions()), Environment.GetValueOrDefault);

    private static string Error(string json) => Assert.Throws<ConfigException>(() => Parse(json)).Message;

    [Fact]
    public void Reads_the_example_of_the_issue_and_a_secret_from_the_environment()
    {
        var alerts = Parse("""
            {"alerts": [
              {"id": "russia", "query": "રશિયા", "feed": "bbc-gujarati", "webhook": "https://hooks.example/russia", "secret": "abc", "enabled": true},
              {"id": "rain", "query": "વરસાદ", "feed": ["a", "b"], "language": "GU", "from": "2024-11-01", "to": "2024-11-30",
               "webhook": "http://10.0.0.5:9000/hook", "secretEnv": "ALERT_RUSSIA_SECRET", "enabled": false},
              {"id": "every-bbc", "feed": "bbc-gujarati", "webhook": "http://127.0.0.1/x", "secret": "s"}
            ]}
            """);
        Assert.Equal(["bbc-gujarati"], alerts[0].Feeds);
        Assert.Equal("abc", alerts[0].Secret);
        Assert.True(alerts[0].Enabled);
        Assert.Equal("from-the-environment", alerts[1].Secret);
        Assert.Equal("ALERT_RUSSIA_SECRET", alerts[1].SecretEnv);
        Assert.Equal(["a", "b"], alerts[1].Feeds);
        Assert.Equal("gu", alerts[1].Language);
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T23:59:59.9999999Z"), alerts[1].To);
        Assert.False(alerts[1].Enabled);
        Assert.Equal("", alerts[2].Query);
    }

    [Theory]
    [InlineData("""{"alerts": [{"id": "r", "query": "\"open", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alert \"r\": field \"query\": a quotation mark")]
    [InlineData("""{"alerts": [{"id": "r", "query": "*ssia", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alert \"r\": field \"query\": a leading wildcard")]
    [InlineData("""{"alerts": [{"id": "r", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alert \"r\": field \"query\": required")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "ftp://127.0.0.1/x", "secret": "s"}]}""", "alert \"r\": field \"webhook\": \"ftp://127.0.0.1/x\" is not an absolute http or https URL")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "secret": "s"}]}""", "alert \"r\": field \"webhook\": required")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x"}]}""", "alert \"r\": field \"secret\": required")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secretEnv": "NOT_SET_ANYWHERE"}]}""", "alert \"r\": field \"secretEnv\": the environment variable NOT_SET_ANYWHERE is not set")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s", "secretEnv": "ALERT_RUSSIA_SECRET"}]}""", "alert \"r\": fields \"secret\" and \"secretEnv\": give one")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s", "quary": "y"}]}""", "alert \"r\": unknown field \"quary\"")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s", "from": "yesterday"}]}""", "alert \"r\": field \"from\": \"yesterday\" is not an ISO 8601 date")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s", "enabled": "yes"}]}""", "alert \"r\": field \"enabled\": must be true or false")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s", "to": "9999-12-31T23:00:00-05:00"}]}""", "alert \"r\": field \"to\": \"9999-12-31T23:00:00-05:00\" is out of range: in UTC it falls outside 0001-01-01 to 9999-12-31")]
    // An alert's query is called query, and an alert without one sends every article its filters let through.
    [InlineData("""{"alerts": [{"id": "r", "query": "-x", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alert \"r\": field \"query\": only excludes words (NOT, -), so it matches nothing; add a word to look for, or leave query out and give a filter such as feed, to be sent every new article it lets through")]
    [InlineData("""{"alerts": [{"id": "r", "query": "\"\"", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alert \"r\": field \"query\": there is nothing to search for: no word is left once quotes, punctuation, invisible characters and words over 255 letters are set aside; type a word to look for, or leave query out and give a filter")]
    [InlineData("""{"alerts": [{"id": "r", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s"}, {"id": "R", "query": "y", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alert \"R\": field \"id\": duplicate id")]
    [InlineData("""{"alerts": [{"id": "a b", "query": "x", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""", "alerts[0]: alert \"a b\": field \"id\": use letters")]
    [InlineData("""{"alert": []}""", "unknown field \"alert\"")]
    public void A_mistake_names_the_alert_and_the_field(string json, string expected)
    {
        var message = Error(json);
        Assert.StartsWith("alerts.json: ", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void Without_the_file_there_are_no_alerts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "indexer-tests", Guid.NewGuid().ToString("N"));
        Assert.Empty(AlertsFile.Load(folder, _ => null));
    }
}
