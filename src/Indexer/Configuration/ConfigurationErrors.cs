using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Indexer.Configuration;

/// <summary>
/// Which failures are the operator's configuration, told in one line that names the setting: the service and every
/// command answer them the same way (exit 2), and anything else is a failure of the run itself.
/// </summary>
public static partial class ConfigurationErrors
{
    /// <summary>The one-line description when the exception is bad configuration, else null.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        ConfigException e => e.Message,
        OptionsValidationException e => string.Join("; ", e.Failures),
        // A setting that is not even of the right type (Fetching:Timeout=abc).
        InvalidOperationException e => Conversion(e),
        _ => null,
    };

    /// <summary>
    /// The binder's complaint about a value of the wrong type, told as what the setting takes: the binder names
    /// the .NET type ("to type 'Indexer.Configuration.StorageProvider'"), which says nothing to an operator.
    /// Null when the exception is not that complaint.
    /// </summary>
    public static string? Conversion(InvalidOperationException e)
    {
        if (BinderConversion().Match(e.Message) is not { Success: true } m) return null;
        var (value, setting, typeName) = (m.Groups["value"].Value, m.Groups["setting"].Value, m.Groups["type"].Value);
        var wanted = FindType(typeName) is { } type ? Wanted(type, value) : null;
        return wanted is null ? e.Message.TrimEnd('.') : $"{setting}: \"{value}\" {wanted}";
    }

    private static string? Wanted(Type type, string value)
    {
        if (type.IsEnum) return $"is not allowed; use {Alternatives([.. SettingNames(type)])}";
        if (type == typeof(TimeSpan)) return "is not a time span; write it as hh:mm:ss (00:05:00 is five minutes), d.hh:mm:ss for days (1.00:00:00)";
        if (type == typeof(bool)) return "is not allowed; use true or false";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "is not a number (such as 64 or 0.5)";
        if (IntegerRange(type) is not var (min, max)) return null;
        // A whole number the type cannot hold is a different mistake from one that is no number at all.
        if (!BigInteger.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return "is not a whole number";
        return number > max ? $"is too large: at most {max}" : $"is too small: at least {min}";
    }

    private static (BigInteger Min, BigInteger Max)? IntegerRange(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => (int.MinValue, int.MaxValue),
        TypeCode.Int64 => (long.MinValue, long.MaxValue),
        TypeCode.Int16 => (short.MinValue, short.MaxValue),
        TypeCode.UInt32 => (uint.MinValue, uint.MaxValue),
        TypeCode.UInt64 => (ulong.MinValue, ulong.MaxValue),
        TypeCode.Byte => (byte.MinValue, byte.MaxValue),
        _ => null,
    };

    /// <summary>An enum's values as settings write them: the name a member gives for JSON (sqlite), else its own (AndThenOr).</summary>
    private static IEnumerable<string> SettingNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static string Alternatives(IReadOnlyList<string> names) =>
        names.Count < 2 ? string.Join("", names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";

    private static Type? FindType(string name) =>
        Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null);

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<setting>[^']*)' to type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex BinderConversion();

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
