using System.Globalization;
using Indexer.Configuration;

namespace Indexer.Hosting;

/// <summary>
/// Where the service listens: urls (--urls, ASPNETCORE_URLS), else ASPNETCORE_HTTP_PORTS and HTTPS_PORTS, else
/// port 8080 of this machine. Kestrel reads these settings itself, late in the start, and its complaint about a
/// bad one ("Invalid url: 'garbage'") names no setting; they are checked here first, as our own settings are.
/// </summary>
public static class ListenUrls
{
    /// <summary>How messages name the settings: the operator may have given any of them.</summary>
    public const string Setting = "urls (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS)";

    private const string Example = "http://0.0.0.0:8080, http://localhost:5000 or http://[::]:8080; several separated by ';'";

    /// <summary>Without any URL setting, listen on port 8080 of this machine only, as the README says.</summary>
    public static void UseListenUrls(this WebApplicationBuilder builder)
    {
        var c = builder.Configuration;
        // Kestrel:Endpoints, when given, replaces the URLs and ports altogether, and Kestrel checks it by name.
        if (c.GetSection("Kestrel:Endpoints").GetChildren().Any() || c["Kestrel:Endpoints"] is not null) return;
        if (c["urls"] is { } urls)
            Check(urls);
        else if (c["http_ports"] is not null || c["https_ports"] is not null)
            CheckPorts(c["http_ports"], c["https_ports"]);
        else
            builder.WebHost.UseUrls("http://localhost:8080");
    }

    /// <summary>Throws <see cref="ConfigException"/> for the first entry of <paramref name="urls"/> Kestrel could not listen on.</summary>
    internal static void Check(string urls)
    {
        foreach (var url in Entries(urls))
        {
            if (Read(url) is not { } address)
                throw new ConfigException($"{Setting}: \"{url}\" is not a URL to listen on; use one such as {Example}");
            if (!address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
                throw new ConfigException($"{Setting}: \"{url}\" is not an http or https URL; use one such as {Example}");
        }
    }

    /// <summary>
    /// The address as Kestrel reads it, or null. Kestrel's parser takes a port it cannot read as part of the host
    /// (http://127.0.0.1:port is host "127.0.0.1:port" on port 80, which Kestrel then serves on every interface).
    /// </summary>
    private static BindingAddress? Read(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            if (address.IsUnixPipe) return address;
            var host = address.Host;
            var portInHost = host.Contains(':') && !(host.StartsWith('[') && host.EndsWith(']'));
            return host.Length == 0 || portInHost || address.Port is < 0 or > ushort.MaxValue ? null : address;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Kestrel skips a port it cannot read with a warning, and the service would listen somewhere else than asked.</summary>
    private static void CheckPorts(params string?[] lists)
    {
        foreach (var port in lists.SelectMany(Entries))
        {
            if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new ConfigException($"{Setting}: \"{port}\" is not a port number (0 to 65535; several separated by ';')");
        }
    }

    private static string[] Entries(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
