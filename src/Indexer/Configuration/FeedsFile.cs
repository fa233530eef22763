using System.Text.Json;

namespace Indexer.Configuration;

/// <summary>
/// Reads and validates feeds.json. Strict on purpose: a misspelt field is an error rather than a silently
/// ignored setting, because an operator who typed "intervall" expects it to count.
/// </summary>
public static class FeedsFile
{
    public const string FileName = "feeds.json";

    private static readonly HashSet<string> KnownFeedFields =
        ["id", "url", "interval", "cron", "enabled", "language", "maxArticles", "fullText", "category"];

    public static IReadOnlyList<FeedDefinition> Load(string configDirectory)
    {
        var path = Path.Combine(configDirectory, FileName);
        if (!File.Exists(path))
            throw new ConfigException($"{path}: file not found (set INDEXER_CONFIG_DIR to the folder that holds feeds.json)");
        return Parse(File.ReadAllText(path), path, configDirectory);
    }

    /// <param name="source">Names the file in messages.</param>
    /// <param name="configDirectory">Relative feed paths ("./feeds/x.xml") resolve against it.</param>
    public static IReadOnlyList<FeedDefinition> Parse(string json, string source, string configDirectory)
    {
        var feeds = ConfigListFile.Read(json, source, "feeds", (element, index) => ParseFeed(element, $"{source}: feeds[{index}]", configDirectory));
        // Ids name feeds in URLs, metrics and logs, where "BBC" and "bbc" would be mistaken for each other.
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var feed in feeds)
        {
            if (!ids.Add(feed.Id))
                throw new ConfigException($"{source}: feed \"{feed.Id}\": field \"id\": duplicate id (each feed needs its own; ids differing only in case count as the same)");
        }
        return feeds;
    }

    private static FeedDefinition ParseFeed(JsonElement element, string where, string configDirectory)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ConfigException($"{where}: each feed must be an object");

        // The id names the feed in every later message, so read it first.
        var id = ReadString(element, "id", where);
        if (string.IsNullOrWhiteSpace(id))
            throw new ConfigException($"{where}: field \"id\": required");
        if (!IsValidId(id))
            throw new ConfigException($"{where}: feed \"{id}\": field \"id\": use {IdRule}");
        var feed = $"{where.Split(':')[0]}: feed \"{id}\"";

        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFeedFields.Contains(property.Name))
                throw new ConfigException($"{feed}: unknown field \"{property.Name}\" (allowed: {string.Join(", ", KnownFeedFields)})");
        }

        var urlText = ReadString(element, "url", feed);
        if (string.IsNullOrWhiteSpace(urlText))
            throw new ConfigException($"{feed}: field \"url\": required");
        var url = ParseUrl(urlText, feed, configDirectory);

        var intervalText = ReadString(element, "interval", feed);
        var cron = ReadString(element, "cron", feed);
        TimeSpan? interval = null;
        if (intervalText is not null && cron is not null)
            throw new ConfigException($"{feed}: fields \"interval\" and \"cron\": give one or the other, not both");
        if (intervalText is null && cron is null)
            throw new ConfigException($"{feed}: field \"interval\": required unless \"cron\" is given (for example \"00:15:00\")");
        var auto = intervalText == "auto";
        if (intervalText is not null && !auto)
        {
            // Without a colon "10" would parse as ten days; nobody writing it meant that.
            if (!intervalText.Contains(':') || !TimeSpan.TryParseExact(intervalText, ["c", @"hh\:mm\:ss", @"d\.hh\:mm\:ss"], null, out var parsed))
                throw new ConfigException($"{feed}: field \"interval\": \"{intervalText}\" is not a time span (use hh:mm:ss, for example \"00:15:00\", or \"auto\")");
            if (parsed < TimeSpan.FromSeconds(1))
                throw new ConfigException($"{feed}: field \"interval\": {intervalText} is under the minimum of 00:00:01");
            interval = parsed;
        }
        if (cron is not null && CronCheck.Check(cron) is { } problem)
        {
            throw new ConfigException(problem.NeverFires
                ? $"{feed}: field \"cron\": \"{cron}\" never fires (no such date comes again)"
                : $"{feed}: field \"cron\": \"{cron}\" is not a valid Quartz cron expression ({problem.Reason})");
        }

        var enabled = true;
        if (element.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new ConfigException($"{feed}: field \"enabled\": must be true or false");
            enabled = enabledElement.GetBoolean();
        }

        var language = ReadString(element, "language", feed) ?? "gu";
        // The rule a feed's declared language meets to be kept (Feeds/Parsing/LanguageTag), which Configuration may not reference.
        if (language.Length is < 2 or > 35 || !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ConfigException($"{feed}: field \"language\": \"{language}\" is not a language tag (for example \"gu\")");

        int? maxArticles = null;
        if (element.TryGetProperty("maxArticles", out var maxElement))
        {
            if (maxElement.ValueKind != JsonValueKind.Number || !maxElement.TryGetInt32(out var max) || max < 1)
                throw new ConfigException($"{feed}: field \"maxArticles\": must be a whole number of at least 1");
            maxArticles = max;
        }

        var fullTextText = ReadString(element, "fullText", feed) ?? "auto";
        if (!TryParseFullText(fullTextText, out var fullText))
            throw new ConfigException($"{feed}: field \"fullText\": \"{fullTextText}\" is not allowed; use auto, always or never");
        var category = ReadString(element, "category", feed);
        if (category is not null && (category.Length > 200 || category.Any(char.IsControl)))
            throw new ConfigException($"{feed}: field \"category\": at most 200 characters, on one line");

        return new FeedDefinition
        {
            Id = id, Url = url, ConfiguredUrl = urlText, Interval = interval, Cron = cron, Auto = auto, Enabled = enabled,
            Language = language.ToLowerInvariant(), MaxArticles = maxArticles, FullText = fullText,
            Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim(),
        };
    }

    /// <summary>"auto", "always", "never", exactly as the README writes them.</summary>
    private static bool TryParseFullText(string text, out FullTextMode mode)
    {
        mode = text switch { "auto" => FullTextMode.Auto, "always" => FullTextMode.Always, "never" => FullTextMode.Never, _ => (FullTextMode)(-1) };
        return Enum.IsDefined(mode);
    }

    internal static string? ReadString(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new ConfigException($"{where}: field \"{name}\": must be a string");
        return value.GetString();
    }

    /// <summary>What a feed id may be, as messages say it.</summary>
    public const string IdRule = "letters, digits, '-', '_' or '.' only, at most 100 characters";

    public static bool IsValidId(string id) =>
        id.Length <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>
    /// http(s) and file URLs, plus paths starting with "./" or "../" relative to the config folder, so that the
    /// shipped sample feed works wherever the folder is mounted.
    /// </summary>
    private static Uri ParseUrl(string text, string feed, string configDirectory)
    {
        if (text.StartsWith("./", StringComparison.Ordinal) || text.StartsWith("../", StringComparison.Ordinal))
            return new Uri(Path.GetFullPath(Path.Combine(configDirectory, text)));
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "file")
            || (url.Scheme != "file" && string.IsNullOrEmpty(url.Host)))
            throw new ConfigException($"{feed}: field \"url\": \"{text}\" is not an absolute http, https or file URL (or a ./relative path to a file in the config folder)");
        return url;
    }
}
