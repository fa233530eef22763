using System.Text.Json;
using static Indexer.Configuration.FeedsFile;

namespace Indexer.Configuration;

/// <summary>
/// Reads and validates alerts.json, as strictly as feeds.json: an unknown field is an error, and every message names
/// the file, the alert and the field. The file is optional: without it there are no alerts.
/// </summary>
public static class AlertsFile
{
    public const string FileName = "alerts.json";

    private static readonly HashSet<string> KnownFields =
        ["id", "query", "feed", "language", "from", "to", "webhook", "secret", "secretEnv", "enabled"];

    /// <param name="checkQuery">
    /// Says what is wrong with an alert's query and filters (null when nothing is), with the search's own parser: the
    /// config folder knows nothing of searching, so the caller brings it.
    /// </param>
    public static IReadOnlyList<AlertDefinition> Load(string configDirectory, Func<AlertDefinition, string?> checkQuery, Func<string, string?>? environment = null)
    {
        var path = Path.Combine(configDirectory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path, checkQuery, environment) : [];
    }

    /// <param name="source">Names the file in messages.</param>
    /// <param name="environment">Reads an environment variable (secretEnv); the process environment when null.</param>
    public static IReadOnlyList<AlertDefinition> Parse(string json, string source, Func<AlertDefinition, string?> checkQuery, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var alerts = ConfigListFile.Read(json, source, "alerts", (element, index) => ParseAlert(element, source, index, environment));
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var alert in alerts)
        {
            if (!ids.Add(alert.Id))
                throw new ConfigException($"{source}: alert \"{alert.Id}\": field \"id\": duplicate id (each alert needs its own; ids differing only in case count as the same)");
            if (checkQuery(alert) is { } problem)
                throw new ConfigException($"{source}: alert \"{alert.Id}\": field \"query\": {problem}");
        }
        return alerts;
    }

    private static AlertDefinition ParseAlert(JsonElement element, string source, int index, Func<string, string?> environment)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ConfigException($"{source}: alerts[{index}]: each alert must be an object");
        var id = ReadString(element, "id", $"{source}: alerts[{index}]");
        if (string.IsNullOrWhiteSpace(id))
            throw new ConfigException($"{source}: alerts[{index}]: field \"id\": required");
        if (!IsValidId(id))
            throw new ConfigException($"{source}: alerts[{index}]: alert \"{id}\": field \"id\": use {IdRule}");
        var alert = $"{source}: alert \"{id}\"";
        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
                throw new ConfigException($"{alert}: unknown field \"{property.Name}\" (allowed: {string.Join(", ", KnownFields)})");
        }

        var webhookText = ReadString(element, "webhook", alert);
        if (string.IsNullOrWhiteSpace(webhookText))
            throw new ConfigException($"{alert}: field \"webhook\": required (the URL deliveries are POSTed to)");
        // The operator's own receivers: private and loopback addresses are allowed, unlike for feeds from strangers.
        if (!Uri.TryCreate(webhookText, UriKind.Absolute, out var webhook) || webhook.Scheme is not ("http" or "https") || string.IsNullOrEmpty(webhook.Host))
            throw new ConfigException($"{alert}: field \"webhook\": \"{webhookText}\" is not an absolute http or https URL");

        var secret = ReadString(element, "secret", alert);
        var secretEnv = ReadString(element, "secretEnv", alert);
        if (secret is not null && secretEnv is not null)
            throw new ConfigException($"{alert}: fields \"secret\" and \"secretEnv\": give one or the other, not both");
        if (secretEnv is not null)
        {
            if (string.IsNullOrWhiteSpace(secretEnv))
                throw new ConfigException($"{alert}: field \"secretEnv\": must name an environment variable");
            secret = environment(secretEnv);
            if (string.IsNullOrEmpty(secret))
                throw new ConfigException($"{alert}: field \"secretEnv\": the environment variable {secretEnv} is not set (or is empty)");
        }
        else if (string.IsNullOrEmpty(secret))
            throw new ConfigException($"{alert}: field \"secret\": required (or \"secretEnv\" naming an environment variable that holds it); deliveries are signed with it");

        var enabled = true;
        if (element.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new ConfigException($"{alert}: field \"enabled\": must be true or false");
            enabled = enabledElement.GetBoolean();
        }

        var language = ReadString(element, "language", alert);
        if (language is not null && (language.Length is < 2 or > 35 || !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            throw new ConfigException($"{alert}: field \"language\": \"{language}\" is not a language tag (for example \"gu\")");
        var from = ReadDate(element, "from", alert, endOfDay: false);
        var to = ReadDate(element, "to", alert, endOfDay: true);
        if (from is not null && to is not null && from > to)
            throw new ConfigException($"{alert}: field \"from\": must not be after \"to\"");

        var definition = new AlertDefinition
        {
            Id = id, Query = (ReadString(element, "query", alert) ?? "").Trim(), Feeds = ReadFeeds(element, alert),
            Language = language?.ToLowerInvariant(), From = from, To = to, Webhook = webhook, Secret = secret!, SecretEnv = secretEnv, Enabled = enabled,
        };
        if (definition.Query.Length == 0 && !definition.HasFilters)
            throw new ConfigException($"{alert}: field \"query\": required (or give a filter: feed, language, from or to, to be sent every new article it lets through)");
        return definition;
    }

    /// <summary>"feed": one id or a list of ids, as /search takes one or several.</summary>
    private static IReadOnlyList<string> ReadFeeds(JsonElement element, string alert)
    {
        if (!element.TryGetProperty("feed", out var value) || value.ValueKind == JsonValueKind.Null) return [];
        IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
        var feeds = new List<string>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.String || !IsValidId(item.GetString()!) || item.GetString()!.Length == 0)
                throw new ConfigException($"{alert}: field \"feed\": must be a feed id or a list of feed ids ({IdRule})");
            feeds.Add(item.GetString()!);
        }
        return feeds.Distinct(StringComparer.Ordinal).ToList();
    }

    private static DateTimeOffset? ReadDate(JsonElement element, string name, string alert, bool endOfDay)
    {
        var text = ReadString(element, name, alert);
        if (text is null) return null;
        return DateBound.Parse(text, endOfDay) ?? throw new ConfigException($"{alert}: field \"{name}\": \"{text}\" {DateBound.Refusal(text)}");
    }
}
