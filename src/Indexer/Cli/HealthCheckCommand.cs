using System.CommandLine;
using System.Text.RegularExpressions;

namespace Indexer.Cli;

/// <summary>
/// <c>healthcheck [url]</c>: exits 0 when the running service answers its health endpoint with 200. The
/// container's HEALTHCHECK uses it because the runtime image has no curl. Without a URL it finds the port the
/// way Kestrel does, so a service moved to another port is not reported unhealthy.
/// </summary>
public static partial class HealthCheckCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health";

    private static readonly Argument<Uri?> UrlArgument = new("url")
    {
        Description = "The health URL to ask; the same as --url.",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result => HealthUrl(result, null),
    };

    private static readonly Option<Uri> UrlOption = new("--url")
    {
        Description = "The health URL to ask (default: /health on the address the service listens on).",
        HelpName = "url",
        CustomParser = result => HealthUrl(result, "--url"),
    };

    private static readonly Option<string> UrlsOption = new("--urls")
    {
        Description = "Where the service listens, as given to it; else ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, the urls setting, port 8080.",
        HelpName = "urls",
    };

    public static Command Create(string[] settings)
    {
        var command = new Command("healthcheck", "Exit 0 when the running service answers its health endpoint with 200; the container's HEALTHCHECK.")
        {
            UrlArgument, UrlOption, UrlsOption,
        };
        command.SetAction(parsed =>
        {
            if ((parsed.GetValue(UrlArgument) ?? parsed.GetValue(UrlOption)) is { } given)
                return CheckAsync(given);
            // "Indexer --urls=... healthcheck" gives the service's own setting, which beats the environment as --urls does.
            var found = LocalUrl(new ListenSettings(
                parsed.GetValue(UrlsOption) ?? CommandConfiguration.Given(settings, "urls"),
                Environment.GetEnvironmentVariable("ASPNETCORE_URLS"),
                Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"),
                CommandConfiguration.Build(settings)["urls"]));
            if (found.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)) return CheckAsync(uri);
            // Not the service's health but where to ask for it is wrong: a usage mistake or bad configuration.
            parsed.InvocationConfiguration.Error.WriteLine($"healthcheck: {found.Problem ?? $"cannot ask \"{found.Url}\"; give the health URL with --url"}");
            return Task.FromResult(IndexerCommandLine.UsageError);
        });
        return command;
    }

    /// <summary>A URL the check can ask; anything else is a usage mistake, refused by the parser (exit 2).</summary>
    private static Uri? HealthUrl(System.CommandLine.Parsing.ArgumentResult result, string? option)
    {
        if (result.Tokens.Count == 0) return null;
        var text = result.Tokens[0].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
        result.AddError($"{(option is null ? "" : option + ": ")}\"{text}\" is not an http(s) URL");
        return null;
    }

    /// <summary>The places a listening address can come from, in the order Kestrel reads them.</summary>
    public sealed record ListenSettings(string? UrlsOption, string? AspNetCoreUrls, string? AspNetCoreHttpPorts, string? UrlsSetting);

    public sealed record LocalHealthUrl(string? Url, string? Problem);

    /// <summary>
    /// The health URL on this machine for where the service listens: the first place that names an address,
    /// its first http address (else https), with a wildcard host (+, *, 0.0.0.0, [::]) asked on 127.0.0.1.
    /// </summary>
    public static LocalHealthUrl LocalUrl(ListenSettings listen)
    {
        (string Name, string? Value, bool PortsOnly)[] sources =
        [
            ("--urls", listen.UrlsOption, false),
            ("ASPNETCORE_URLS", listen.AspNetCoreUrls, false),
            ("ASPNETCORE_HTTP_PORTS", listen.AspNetCoreHttpPorts, true),
            ("the urls setting", listen.UrlsSetting, false),
        ];
        foreach (var (name, value, portsOnly) in sources)
        {
            var entries = value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if (entries.Length == 0) continue;
            if (portsOnly)
            {
                return int.TryParse(entries[0], out var port) && port is > 0 and < 65536
                    ? new($"http://127.0.0.1:{port}/health", null)
                    : new(null, $"{name}: \"{entries[0]}\" is not a port; give the health URL with --url");
            }
            var addresses = entries.Select(e => ListenAddress().Match(e)).ToList();
            var chosen = addresses.FirstOrDefault(m => m.Success && m.Groups["scheme"].Value.Equals("http", StringComparison.OrdinalIgnoreCase))
                ?? addresses.FirstOrDefault(m => m.Success);
            if (chosen is null)
                return new(null, $"{name}: \"{value}\" names no http or https address; give the health URL with --url");
            var scheme = chosen.Groups["scheme"].Value.ToLowerInvariant();
            var portText = chosen.Groups["port"].Success ? chosen.Groups["port"].Value : scheme == "https" ? "443" : "80";
            if (portText == "0")
                return new(null, $"{name}: \"{value}\" lets the system choose the port at start; give the health URL with --url");
            return new($"{scheme}://{LocalHost(chosen.Groups["host"].Value)}:{portText}/health", null);
        }
        return new(DefaultUrl, null);
    }

    private static string LocalHost(string host) =>
        host is "+" or "*" or "0.0.0.0" or "[::]" or "localhost" or "" ? "127.0.0.1" : host;

    /// <summary>Kestrel's address forms, which include hosts Uri refuses ("http://+:80", "http://*:80").</summary>
    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]*)(?::(?<port>\d+))?(?:/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ListenAddress();

    private static async Task<int> CheckAsync(Uri uri)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(uri);
            if (response.IsSuccessStatusCode)
            {
                Console.WriteLine($"healthy ({(int)response.StatusCode}) at {uri}");
                return 0;
            }
            return IndexerCommandLine.Fail("healthcheck", $"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return IndexerCommandLine.Fail("healthcheck", $"{uri} did not answer: {e.Message}");
        }
    }
}
