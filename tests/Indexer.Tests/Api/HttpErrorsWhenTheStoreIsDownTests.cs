using System.Net;
using System.Text.Json;
using Indexer.Tests.Support;
using Npgsql;

namespace Indexer.Tests.Api;

/// <summary>PostgreSQL cut off under a running instance: what its clients, and the proxy in front of it, are told.</summary>
[NeedsTool(Tool.PostgreSql)]
public sealed class HttpErrorsWhenTheStoreIsDownTests : LocalServiceTest
{
    [ToolFact]
    public async Task Endpoints_that_read_the_store_answer_503_with_retry_after_while_it_is_down_and_200_once_it_is_back()
    {
        ServeOneFeed("/feed.xml", TestData.SampleFeed);
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
        await using var gate = new TcpGate(database.Port);
        database.Port = gate.Port;
        await using var service = await StartServiceAsync("--Storage:Provider=postgres", $"--Storage:ConnectionString={database}");
        var id = (await service.WaitForHitsAsync("રશિયા")).GetProperty("hits")[0].GetProperty("id").GetString()!;

        using (gate.Shut())
        {
            foreach (var path in new[] { "/feeds", $"/articles/{id}" })
            {
                using var response = await service.Client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {(int)response.StatusCode}: {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
                var problem = JsonDocument.Parse(body).RootElement;
                Assert.Equal(503, problem.GetProperty("status").GetInt32());
                Assert.Contains("the store (the database) is unavailable", problem.GetProperty("detail").GetString());
            }
            // Not ready, saying why, with no made-up lag (it said -1).
            using var ready = await service.Client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(("not ready", false, JsonValueKind.Null, "the store does not answer"), (readiness.GetProperty("status").GetString(),
                readiness.GetProperty("store").GetBoolean(), readiness.GetProperty("indexLag").ValueKind, readiness.GetProperty("reason").GetString()));
            // Searches answer from the index meanwhile.
            Assert.Equal(1, (await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("રશિયા"))).GetProperty("total").GetInt64());
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await service.Client.GetAsync($"/articles/{id}");
            if (response.IsSuccessStatusCode) break;
            Assert.True(DateTime.UtcNow < deadline, $"the article was still {(int)response.StatusCode} 30 s after the store came back");
            await Task.Delay(100);
        }
        Assert.Equal(1, (await service.GetJsonAsync("/feeds"))[0].GetProperty("articleCount").GetInt64());
    }
}
