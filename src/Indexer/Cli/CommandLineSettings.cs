namespace Indexer.Cli;

/// <summary>
/// Settings given on the command line, in the forms the configuration system reads (--Section:Key=value,
/// --Section:Key value, /Section:Key=value, Section:Key=value), told apart from everything else.
/// </summary>
public static class CommandLineSettings
{
    /// <summary>
    /// Splits a command's arguments into its settings (keys with a section, such as Storage:DataDirectory, and
    /// ConfigDirectory) and the rest, which the command line parser checks: a misspelt option of the command
    /// ("--dryrun") stays with the rest and is refused, rather than becoming a setting nobody reads.
    /// </summary>
    public static (string[] Settings, string[] Others) Split(IReadOnlyList<string> args)
    {
        var settings = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!IsCommandSetting(args[i]))
            {
                rest.Add(args[i]);
                continue;
            }
            settings.Add(args[i]);
            // "--Section:Key value": the value travels with its key.
            if (!args[i].Contains('=') && i + 1 < args.Count && !IsOption(args[i + 1]))
                settings.Add(args[++i]);
        }
        return ([.. settings], [.. rest]);
    }

    /// <summary>
    /// The first of the service's arguments that is not a setting, described, or null. The service takes any key
    /// the host reads (urls, environment, contentRoot...); but the configuration system silently ignores what it
    /// cannot read and takes the next option as a value, so "--verbose --urls=x" would set "verbose" to
    /// "--urls=x" and listen on the default port. Such a line is refused, naming the token.
    /// </summary>
    public static string? FindMistake(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var prefix = token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;
            if (prefix == 0 && token.StartsWith('-'))
                return $"unknown option {token}";
            var separator = token.IndexOf('=');
            if (prefix == 0 && separator < 0)
                return $"unexpected argument \"{token}\"";
            if ((separator < 0 ? token.Length : separator) == prefix)
                return $"\"{token}\" is not a setting (write --Section:Key=value)";
            if (separator >= 0) continue;
            if (i + 1 >= tokens.Count || IsOption(tokens[i + 1]))
                return $"{token}: no value given (write {token}=value)";
            i++;
        }
        return null;
    }

    /// <summary>
    /// A first token that is a plain word is meant as a command ("reindx"); it must not quietly start the
    /// service instead.
    /// </summary>
    public static bool IsUnknownCommand(IReadOnlyList<string> tokens) =>
        tokens.Count > 0 && !tokens[0].StartsWith('-') && !tokens[0].StartsWith('/') && !tokens[0].Contains('=');

    private static bool IsCommandSetting(string token)
    {
        var start = token.StartsWith("--", StringComparison.Ordinal) ? 2 : 0;
        var end = token.IndexOf('=');
        if (start == 0 && end < 0) return false;
        var key = end < 0 ? token[start..] : token[start..end];
        return key.Contains(':') && !key.StartsWith(':')
            || (start == 2 && key.Equals(Configuration.ConfigLocation.ConfigurationKey, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"-5" is a value; "-x" and "--x" are options.</summary>
    private static bool IsOption(string token) =>
        token.StartsWith('-') && !(token.Length > 1 && (char.IsAsciiDigit(token[1]) || token[1] == '.'));
}
