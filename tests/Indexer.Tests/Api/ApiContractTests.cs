using System.Net;
using System.Text.Json;
using Indexer.Retention;
using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Indexer.Tests.Api;

/// <summary>
/// The API as a client or an operator meets it over HTTP: the OpenAPI contract, related stories, metrics,
/// per-client rate limits, request size limits and settings refused at start.
/// </summary>
public sealed class ApiContractTests : LocalServiceTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ServeOneFeed("/news.xml", TestData.Rss(
            ("cricket-win", "ભારતે ક્રિકેટ મેચ જીતી", "ભારતની ક્રિકેટ ટીમે ઓસ્ટ્રેલિયા સામે મેચ જીતી. કોહલીએ સદી ફટકારી."),
            ("cricket-century", "ક્રિકેટ: કોહલીની સદી", "વિરાટ કોહલીએ ઓસ્ટ્રેલિયા સામે શાનદાર સદી ફટકારી અને ભારતની ટીમ જીતી."),
            ("rain", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં ભારે વરસાદ પડ્યો. રસ્તાઓ પર પાણી ભરાયાં.")));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_parameter_and_error()
    {
        await using var service = await StartServiceAsync();
        var document = await service.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/search", "/search.atom", "/search.rss", "/alerts", "/articles/{id}", "/articles/{id}/similar", "/feeds", "/health", "/health/live", "/health/ready", "/metrics" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");

        var search = paths.GetProperty("/search").GetProperty("get");
        var parameters = search.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var name in new[] { "q", "page", "size", "sort", "feed", "from", "to", "language" })
        {
            Assert.True(parameters.TryGetValue(name, out var parameter), $"/search does not list {name}");
            Assert.Equal("query", parameter.GetProperty("in").GetString());
            Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()), $"{name} has no description");
        }
        Assert.Equal("array", parameters["feed"].GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("integer", parameters["size"].GetProperty("schema").GetProperty("type").GetString());
        AssertResponses(search, "200", "400", "429");

        var similar = paths.GetProperty("/articles/{id}/similar").GetProperty("get");
        Assert.Contains(similar.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "size");
        AssertResponses(similar, "200", "400", "404", "429");
        AssertResponses(paths.GetProperty("/articles/{id}").GetProperty("get"), "200", "404");
        AssertResponses(paths.GetProperty("/health/ready").GetProperty("get"), "200", "503");
        Assert.Equal("application/problem+json",
            search.GetProperty("responses").GetProperty("400").GetProperty("content").EnumerateObject().Single().Name);
    }

    private static void AssertResponses(JsonElement operation, params string[] statuses)
    {
        var responses = operation.GetProperty("responses");
        foreach (var status in statuses)
            Assert.True(responses.TryGetProperty(status, out _), $"{operation.GetProperty("operationId").GetString()} does not document {status}");
    }

    [Fact]
    public async Task Related_stories_come_from_the_same_subject_and_bad_requests_get_problems()
    {
        await using var service = await StartServiceAsync();
        var win = (await service.WaitForHitsAsync("જીતી")).GetProperty("hits").EnumerateArray()
            .Single(h => h.GetProperty("title").GetString() == "ભારતે ક્રિકેટ મેચ જીતી");
        var id = win.GetProperty("id").GetString()!;

        var similar = await service.GetJsonAsync($"/articles/{id}/similar?size=5");
        Assert.Equal(id, similar.GetProperty("id").GetString());
        var first = similar.GetProperty("hits")[0];
        Assert.Equal("ક્રિકેટ: કોહલીની સદી", first.GetProperty("title").GetString());
        Assert.DoesNotContain(similar.GetProperty("hits").EnumerateArray(), h => h.GetProperty("id").GetString() == id);
        foreach (var field in new[] { "id", "title", "highlightedTitle", "url", "feedId", "published", "language", "score", "snippet" })
            Assert.True(first.TryGetProperty(field, out _), $"a similar hit lacks {field}");
        Assert.EndsWith("Z", first.GetProperty("published").GetString());

        await AssertProblemAsync(service, "/articles/no-such-article/similar", HttpStatusCode.NotFound, "no article");
        // The server leaves %2F escaped in a path (it would change the route); the id is named as the client meant it.
        await AssertProblemAsync(service, "/articles/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound, "no article with id \"../../etc/passwd\"");
        await AssertProblemAsync(service, "/articles/a%2Fb/similar", HttpStatusCode.NotFound, "no article with id \"a/b\"");
        await AssertProblemAsync(service, $"/articles/{id}/similar?size=21", HttpStatusCode.BadRequest, "size:");
        await AssertProblemAsync(service, $"/articles/{id}/similar?size=ten", HttpStatusCode.BadRequest, "size:");
        await AssertProblemAsync(service, $"/articles/{id}/similar?size=0", HttpStatusCode.BadRequest, "size:");
    }

    [Fact]
    public async Task Metrics_show_the_store_the_index_searches_and_the_process()
    {
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("વરસાદ");
        using var response = await service.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("indexer_articles_stored 3", lines);
        Assert.Contains("indexer_feeds_failing 0", lines);
        Assert.Contains(lines, l => l.StartsWith("indexer_index_documents ") || l.StartsWith("indexer_index_lag "));
        Assert.Contains(lines, l => l.StartsWith("indexer_search_duration_seconds_count ") && !l.EndsWith(" 0"));
        Assert.Contains(lines, l => l.StartsWith("process_cpu_seconds_total "));
    }

    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_retry_after_and_health_stays_open()
    {
        await using var service = await StartServiceAsync("--RateLimit:PermitsPerWindow=3", "--RateLimit:Window=00:01:00");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(service, "/search?q=" + Uri.EscapeDataString("વરસાદ")));

        using var refused = await service.Client.GetAsync("/search?q=" + Uri.EscapeDataString("વરસાદ"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        // Every problem has a type link, as the README promises; this one is RFC 6585's.
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());

        // Related stories draw on the same budget; health checks and article reads do not.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(service, "/articles/any/similar"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(service, "/health/live"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(service, "/articles/any"));
    }

    [Fact]
    public async Task With_the_rate_limit_off_a_client_is_never_refused()
    {
        await using var service = await StartServiceAsync("--RateLimit:Enabled=false", "--RateLimit:PermitsPerWindow=1");
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(service, "/search?q=" + Uri.EscapeDataString("વરસાદ")));
    }

    [Fact]
    public async Task A_query_at_the_length_limit_reaches_the_search_and_oversized_headers_are_refused()
    {
        await using var service = await StartServiceAsync();
        // 1001 Gujarati letters are 9009 bytes once percent-encoded: past Kestrel's default 8 KB request line.
        var tooLong = new string('ક', 1001);
        await AssertProblemAsync(service, "/search?q=" + Uri.EscapeDataString(tooLong), HttpStatusCode.BadRequest, "q: longer than 1000");
        // Words, not one 1000-letter word: the analyzer keeps no word over 255 letters, and a query of none is a 400.
        var atLimit = string.Join(' ', new string('ક', 250), new string('ક', 250), new string('ક', 250), new string('ક', 247));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(service, "/search?q=" + Uri.EscapeDataString(atLimit)));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Padding", new string('x', 40 * 1024));
        using var refused = await service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
    }

    [Fact]
    public async Task Retention_runs_daily_at_half_past_three_utc_by_default()
    {
        await using var service = await StartServiceAsync();
        var scheduler = await service.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(new TriggerKey(RetentionJob.Key.Name, RetentionJob.Key.Group));
        var next = Assert.NotNull(trigger?.NextFireTimeUtc);
        Assert.Equal((3, 30, 0), (next.Hour, next.Minute, next.Second));
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
    }

    [Theory]
    [InlineData("--RateLimit:PermitsPerWindow=0", "RateLimit:PermitsPerWindow must be at least 1")]
    [InlineData("--RateLimit:Window=00:00:00", "RateLimit:Window must be at least 00:00:01")]
    [InlineData("--Retention:MaxAge=00:30:00", "Retention:MaxAge must be at least 01:00:00")]
    [InlineData("--Retention:Schedule=every night", "Retention:Schedule must be a Quartz cron expression")]
    public async Task Bad_settings_stop_the_start_and_name_the_field(string setting, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartServiceAsync(setting));
        Assert.Contains(error.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> StatusAsync(RunningService service, string url)
    {
        using var response = await service.Client.GetAsync(url);
        return response.StatusCode;
    }

    private static async Task AssertProblemAsync(RunningService service, string url, HttpStatusCode status, string detail)
    {
        using var response = await service.Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"GET {url[..Math.Min(url.Length, 80)]} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }
}
