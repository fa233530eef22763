using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>
/// Which failures are the operator's configuration, told in one line that names the setting: the service and every
/// command answer them the same way (exit 2), and anything else is a failure of the run itself.
/// </summary>
public static class ConfigurationErrors
{
    /// <summary>The one-line description when the exception is bad configuration, else null.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        ConfigException e => e.Message,
        OptionsValidationException e => string.Join("; ", e.Failures),
        // A setting that is not even of the right type (Fetching:Timeout=abc); the binder's message names it.
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => e.Message,
        _ => null,
    };

    /// <summary>
    /// A settings file that does not load, as one line: the provider's own message ("Failed to load configuration
    /// from file") says neither where nor what.
    /// </summary>
    public static ConfigException AppSettings(ConfigLocation location, InvalidDataException e)
    {
        var syntax = e.InnerException as JsonException ?? e.InnerException?.InnerException as JsonException;
        return new ConfigException($"{location.AppSettingsPath}: {(syntax is null ? e.InnerException?.Message ?? e.Message : JsonErrorText.Describe(syntax))}");
    }
}
