namespace Indexer.Cli;

/// <summary>
/// Settings given on the command line, in the forms the configuration system reads (--Section:Key=value,
/// --Section:Key value, /Section:Key=value, Section:Key=value), told apart from everything else: from a command's
/// own words, and from its arguments, which may be URLs with a query string.
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
    /// A command line that names a command: its settings (those before the command, which may only be settings,
    /// and those among the command's own words) and the command's words from its name on. Null when the line names
    /// no command and so runs the service; also when what stands before the command's name is not all settings
    /// ("--verbose parse", "-h parse"), which the parser then answers as it always has.
    /// </summary>
    public static (string[] Settings, string[] Command)? SplitAtCommand(IReadOnlyList<string> args, IReadOnlyCollection<string> commands)
    {
        var at = args.ToList().FindIndex(commands.Contains);
        if (at < 0) return null;
        var before = args.Take(at).ToArray();
        if (FindMistake(before) is not null || IsUnknownCommand(before)) return null;
        var (settings, words) = Split([.. args.Skip(at)]);
        return ([.. before, .. settings], words);
    }

    /// <summary>
    /// A setting written without '=' just before the command's name ("--Storage:DataDirectory reindex"), described,
    /// or null. The configuration system would take the command's name for the setting's value and run the service;
    /// which of the two was meant cannot be told, so the line is refused, saying how to write it.
    /// </summary>
    public static string? ValueMissingBeforeCommand(IReadOnlyList<string> args, IReadOnlyCollection<string> commands)
    {
        var at = args.ToList().FindIndex(commands.Contains);
        if (at < 1) return null;
        var setting = args[at - 1];
        var prefix = PrefixLength(setting);
        if (prefix == 0 || setting.Contains('=') || !IsKey(setting[prefix..])) return null;
        // Only when the setting is one of its own, not the value of the one before it ("--urls --x reindex" is no setting).
        if (FindMistake([.. args.Take(at)]) is not { } mistake || !mistake.StartsWith(setting + ":", StringComparison.Ordinal)) return null;
        return $"{setting}: no value given before the command {args[at]} (write {setting}=<value>)";
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
            var prefix = PrefixLength(token);
            if (prefix == 0 && token.StartsWith('-'))
                return $"unknown option {token}";
            var separator = token.IndexOf('=');
            // "http://host/rss?a=b" has an '=' but is no setting: a URL where the service expects none.
            if (prefix == 0 && (separator < 0 || !IsKey(token[..separator])))
                return $"unexpected argument \"{token}\"";
            if (!IsKey(separator < 0 ? token[prefix..] : token[prefix..separator]))
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

    /// <summary>
    /// A command's setting: a key with a section (--Section:Key=value, --Section:Key value, /Section:Key=value,
    /// /Section:Key value, Section:Key=value), or --ConfigDirectory. Anything else is the command's: a URL
    /// ("https://news.google.com/rss?hl=gu&amp;ceid=IN:gu") has a ':' before its '=' too, but never a key's shape.
    /// </summary>
    private static bool IsCommandSetting(string token)
    {
        var prefix = PrefixLength(token);
        var end = token.IndexOf('=');
        if (prefix == 0 && end < 0) return false;
        var key = end < 0 ? token[prefix..] : token[prefix..end];
        return IsKey(key) && key.Contains(':')
            || (prefix > 0 && key.Equals(Configuration.ConfigLocation.ConfigurationKey, StringComparison.OrdinalIgnoreCase));
    }

    private static int PrefixLength(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;

    /// <summary>
    /// A configuration key as settings are named: words of letters, digits, '_', '-' and '.' (Logging:LogLevel:
    /// Microsoft.AspNetCore), joined by ':'. Never '/', '?' or '\\', which URLs and paths have.
    /// </summary>
    private static bool IsKey(string key) =>
        key.Split(':').All(word => word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.'));

    /// <summary>"-5" is a value; "-x" and "--x" are options.</summary>
    private static bool IsOption(string token) =>
        token.StartsWith('-') && !(token.Length > 1 && (char.IsAsciiDigit(token[1]) || token[1] == '.'));
}
