using System.CommandLine;

namespace Indexer.Cli;

/// <summary>
/// <c>healthcheck [url]</c>: exits 0 when the running service answers its health endpoint with 200. The
/// container's HEALTHCHECK uses it because the runtime image has no curl.
/// </summary>
public static class HealthCheckCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health";

    private static readonly Argument<string?> Url = new("url")
    {
        Description = $"The health URL to ask (default: {DefaultUrl}, on the port in ASPNETCORE_HTTP_PORTS).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create(string[] settings)
    {
        var command = new Command("healthcheck", "Exit 0 when the running service answers its health endpoint with 200; the container's HEALTHCHECK.") { Url };
        command.SetAction(parsed => RunAsync(parsed.GetValue(Url)));
        return command;
    }

    private static async Task<int> RunAsync(string? given)
    {
        var url = given ?? LocalUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return IndexerCommandLine.Fail("healthcheck", $"\"{url}\" is not a URL");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(uri);
            if (response.IsSuccessStatusCode)
            {
                Console.WriteLine($"healthy ({(int)response.StatusCode})");
                return 0;
            }
            return IndexerCommandLine.Fail("healthcheck", $"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return IndexerCommandLine.Fail("healthcheck", $"{uri} did not answer: {e.Message}");
        }
    }

    /// <summary>
    /// The health URL on this machine for the port the service listens on: an operator who moves the service to
    /// another port with ASPNETCORE_HTTP_PORTS must not get a container marked unhealthy.
    /// </summary>
    public static string LocalUrl(string? httpPorts)
    {
        var first = httpPorts?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && int.TryParse(first, out var port) && port is > 0 and < 65536
            ? $"http://127.0.0.1:{port}/health"
            : DefaultUrl;
    }
}
