using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Indexer.Api;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Indexer.Tests.Api;

/// <summary>One running service with one stored article, shared by the error tests: they only read.</summary>
public sealed class ServiceWithOneArticle : LocalServiceTest
{
    public RunningService Service { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ServeOneFeed("/feed.xml", TestData.SampleFeed);
        Service = await StartServiceAsync();
        await Service.WaitForHitsAsync("રશિયા");
    }

    public override async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Every error the service sends, from the handlers, the framework or Kestrel itself, is problem+json.</summary>
public sealed class HttpErrorsTests(ServiceWithOneArticle fixture) : IClassFixture<ServiceWithOneArticle>
{
    private readonly RunningService _service = fixture.Service;

    [Theory]
    [InlineData("/nope", "nothing at /nope")]
    [InlineData("/searc", "nothing at /searc")]
    [InlineData("/articles/a/b/c", "nothing at /articles/a/b/c")]
    public async Task An_unknown_path_is_a_404_problem(string path, string detail) =>
        await AssertProblemAsync(await _service.Client.GetAsync(path), HttpStatusCode.NotFound, detail);

    [Theory]
    [InlineData("POST", "/search")]
    [InlineData("DELETE", "/feeds")]
    [InlineData("PUT", "/articles/x")]
    public async Task A_wrong_method_is_a_405_problem_with_allow(string method, string path)
    {
        using var response = await _service.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, $"{method} is not allowed on {path}; use GET");
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_query_far_past_the_length_limit_is_a_414_problem_from_kestrel()
    {
        using var response = await _service.Client.GetAsync("/search?q=" + new string('a', 100_000));
        await AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong, "q may be at most 1000 characters");
    }

    [Fact]
    public async Task Oversized_headers_are_a_431_problem_from_kestrel()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Padding", new string('x', 40 * 1024));
        await AssertProblemAsync(await _service.Client.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge, "request headers are larger than");
    }

    [Theory]
    [InlineData("GET /search?q=રશિયા HTTP/1.1")]
    [InlineData("GET /search?q=two words HTTP/1.1")]
    [InlineData("NONSENSE")]
    public async Task A_request_that_is_not_http_is_a_400_problem_from_kestrel(string requestLine)
    {
        var (head, body) = await RawRequestAsync(requestLine + "\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", head);
        Assert.Contains("Content-Type: application/problem+json", head);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("percent-encode", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_http_version_it_does_not_speak_is_a_505_problem_from_kestrel()
    {
        var (head, body) = await RawRequestAsync("GET /search?q=x HTTP/2.0\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 505 ", head);
        Assert.Contains("Content-Type: application/problem+json", head);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(505, problem.GetProperty("status").GetInt32());
        Assert.Contains("HTTP/1.1", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_good_request_after_a_good_one_on_the_same_connection_is_untouched()
    {
        var (head, body) = await RawRequestAsync(
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 ", head);
        Assert.Contains("HTTP/1.1 200 ", body);
        Assert.Contains("\"live\"", body);
    }

    [Theory]
    [InlineData("q=%C3%28", "q: the percent-encoded bytes %C3%28 are not UTF-8")]
    [InlineData("q=%FF%FE", "q: the percent-encoded bytes %FF%FE are not UTF-8")]
    [InlineData("q=%E0%AA%B0%E0%AA&size=5", "q: the percent-encoded bytes %E0%AA%B0%E0%AA are not UTF-8")]
    [InlineData("feed=%C0", "feed: the percent-encoded bytes %C0 are not UTF-8")]
    public async Task Percent_encodings_that_are_not_utf8_are_a_400_naming_the_parameter(string query, string detail) =>
        await AssertProblemAsync(await _service.Client.GetAsync("/search?" + query), HttpStatusCode.BadRequest, detail);

    [Theory]
    [InlineData("q=%ZZ", "q: \"%ZZ\" is not a percent-encoding")]
    [InlineData("q=100%", "q: \"%\" is not a percent-encoding")]
    [InlineData("q=x&size=1%2", "size: \"%2\" is not a percent-encoding")]
    public async Task A_percent_sign_that_starts_no_escape_is_a_400_naming_the_parameter(string query, string detail)
    {
        // Raw, since HttpClient would escape the lone '%' itself.
        var (head, body) = await RawRequestAsync($"GET /search?{query} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", head);
        Assert.Contains("Content-Type: application/problem+json", head);
        var json = body[body.IndexOf('{')..(body.LastIndexOf('}') + 1)]; // the body comes chunked
        Assert.Contains(detail, JsonDocument.Parse(json).RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/articles/%C3%28", "the path: the percent-encoded bytes %C3%28 are not UTF-8")]
    [InlineData("/search%FF", "the path: the percent-encoded bytes %FF are not UTF-8")]
    public async Task A_path_whose_escapes_are_not_utf8_is_a_400_saying_so(string path, string detail) =>
        await AssertProblemAsync(await _service.Client.GetAsync(path), HttpStatusCode.BadRequest, detail);

    [Theory]
    [InlineData("/search?q=a&qq=b", "qq: unknown parameter \"qq\"; the parameters are q, page, size, sort, feed, from, to, language")]
    [InlineData("/search?q=a&sise=5&pgae=2", "sise: unknown parameters \"sise\", \"pgae\"")]
    [InlineData("/articles/x/similar?count=3", "count: unknown parameter \"count\"; the parameters are size")]
    public async Task Unknown_query_parameters_are_a_400_naming_them(string url, string detail) =>
        await AssertProblemAsync(await _service.Client.GetAsync(url), HttpStatusCode.BadRequest, detail);

    [Fact]
    public async Task Every_documented_parameter_is_allowed_in_any_case()
    {
        using var response = await _service.Client.GetAsync(
            "/search?Q=" + Uri.EscapeDataString("રશિયા") + "&page=1&size=5&sort=newest&feed=local&from=2024-01-01&to=2030-01-01&language=gu");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("-રશિયા")]
    [InlineData("NOT રશિયા")]
    [InlineData("-રશિયા -યુદ્ધ")]
    public async Task A_query_of_exclusions_only_says_why_it_matches_nothing(string q) =>
        await AssertProblemAsync(await _service.Client.GetAsync("/search?q=" + Uri.EscapeDataString(q)), HttpStatusCode.BadRequest, "q: only excludes words");

    [Fact]
    public async Task A_feed_that_is_neither_configured_nor_stored_is_named()
    {
        await AssertProblemAsync(await _service.Client.GetAsync("/search?feed=locl"), HttpStatusCode.BadRequest,
            "feed: no feed \"locl\" is configured, and none by that id has stored articles; the feeds are local");
        using var known = await _service.Client.GetAsync("/search?feed=local");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"answered {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Contains(detail, problem.GetProperty("detail").GetString());
        }
    }

    /// <summary>Bytes on a socket, for requests HttpClient refuses to send; reads until the server closes.</summary>
    private async Task<(string Head, string Body)> RawRequestAsync(string request)
    {
        var address = _service.Client.BaseAddress!;
        using var client = new TcpClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(address.Host, address.Port, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), deadline.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, deadline.Token);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (text[..split], text[(split + 4)..]);
    }
}

/// <summary>Which of the bytes Kestrel writes are rewritten: only its own empty refusals.</summary>
public sealed class KestrelRejectionsTests
{
    private static readonly KestrelRejections.Limits Limits = new(new KestrelServerLimits(), 1000);

    [Fact]
    public void An_empty_refusal_that_closes_the_connection_becomes_a_problem()
    {
        var rewritten = KestrelRejections.Rewrite(
            "HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\nDate: x\r\nServer: Kestrel\r\n\r\n"u8, Limits);
        var text = Encoding.UTF8.GetString(rewritten!);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", text);
        Assert.Contains("Content-Type: application/problem+json\r\n", text);
        Assert.Equal("URI Too Long", JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n{\"partial\":")]
    public void Everything_else_passes_untouched(string response) =>
        Assert.Null(KestrelRejections.Rewrite(Encoding.ASCII.GetBytes(response), Limits));
}
