using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Indexer.Api;

/// <summary>
/// Which reverse proxies may say who the client is. Behind a proxy every request comes from the proxy's address,
/// so the per-client rate limit would be one budget for everyone; X-Forwarded-For fixes that, but only when it
/// comes from a proxy the operator named: from anyone else it is a client choosing its own rate-limit key.
/// </summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Proxy addresses (10.0.0.5, ::1) whose X-Forwarded-For is believed. Entries may also be comma-separated.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form (172.16.0.0/12) whose X-Forwarded-For is believed.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<string> Proxies => Split(KnownProxies);
    public IEnumerable<string> Networks => Split(KnownNetworks);

    /// <summary>
    /// Adds the lists given as one value (Http__KnownProxies=10.0.0.5,10.0.0.6): the binder fills an array only from
    /// its indexed children (Http:KnownProxies:0) and drops a value at the key itself without a word, which left the
    /// proxy untrusted and a typo in it unchecked.
    /// </summary>
    public void AddSingleValues(IConfigurationSection section)
    {
        KnownProxies = [.. KnownProxies, .. SingleValue(section, nameof(KnownProxies))];
        KnownNetworks = [.. KnownNetworks, .. SingleValue(section, nameof(KnownNetworks))];
    }

    private static string[] SingleValue(IConfigurationSection section, string key) =>
        section[key] is { } value ? [value] : [];

    private static IEnumerable<string> Split(string[] entries) =>
        entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct();
}

public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var errors = options.Proxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"Http:KnownProxies: \"{p}\" is not an IP address")
            .Concat(options.Networks.Where(n => !IPNetwork.TryParse(n, out _))
                .Select(n => $"Http:KnownNetworks: \"{n}\" is not a network in CIDR form such as 172.16.0.0/12"))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class KnownProxies
{
    public static IServiceCollection AddKnownProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(HttpOptions.Section);
        services.AddOptions<HttpOptions>().Bind(section).Configure(http => http.AddSingleValues(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            // ASP.NET believes loopback by default, and everyone when both lists are empty; here only what the
            // operator named is believed, and with nothing named the headers are not read at all.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in http.Value.Proxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in http.Value.Networks) forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
            forwarded.ForwardedHeaders = forwarded.KnownProxies.Count + forwarded.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            // A chain of known proxies is walked back to the first address that is not one of them: the client.
            forwarded.ForwardLimit = null;
        });
        return services;
    }
}
