using System.Text.Json;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// The fields of one JSON Feed object (the feed or an item), each read as the type the spec gives it. A field of
/// another type is left out and reported under its path (<c>items[3].title</c>), so one publisher's mistake costs
/// only that field.
/// </summary>
internal readonly struct JsonFields(JsonElement element, string path, JsonFeedProblems problems)
{
    /// <summary>A text field; null when absent, null, or of another type (reported).</summary>
    public string? Text(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String && TryGetString(value) is { } text) return text;
        Ignore(name, value.ValueKind == JsonValueKind.String ? "text that is not valid Unicode" : JsonFeedReader.Describe(value));
        return null;
    }

    /// <summary>The item id: text by the spec, yet numbers are common in the wild and taken as written.</summary>
    public string? Id()
    {
        if (element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number)
            return id.GetRawText();
        return RssItemReader.NullIfEmpty(Text("id")?.Trim());
    }

    /// <summary>
    /// Author names from an author object, a list of them (1.1's authors), or plain text (a JSON Feed 1.0 mistake
    /// common enough to read as the name). Null when the field is absent, so the caller can try the next one.
    /// </summary>
    public IReadOnlyList<string>? Authors(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var names = new List<string>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var author in value.EnumerateArray())
                AddAuthor(author, $"{name}[{index++}]", names);
        }
        else
        {
            AddAuthor(value, name, names);
        }
        return names;
    }

    private void AddAuthor(JsonElement author, string name, List<string> names)
    {
        switch (author.ValueKind)
        {
            case JsonValueKind.Null:
                return;
            case JsonValueKind.Object:
                if (new JsonFields(author, $"{path}{name}.", problems).Text("name")?.Trim() is { Length: > 0 } fromObject)
                    names.Add(fromObject);
                return;
            case JsonValueKind.String:
                problems.Add($"{path}{name} is text, not an author object (read as the name)");
                if (TryGetString(author)?.Trim() is { Length: > 0 } plain) names.Add(plain);
                return;
            default:
                Ignore(name, JsonFeedReader.Describe(author));
                return;
        }
    }

    private void Ignore(string name, string found) => problems.Add($"{path}{name} is {found} (ignored)");

    // A lone surrogate escape ("\ud800") parses but cannot become a .NET string.
    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>What was wrong in a JSON Feed that was read all the same, gathered into one warning for the feed.</summary>
internal sealed class JsonFeedProblems
{
    // A feed with the same mistake in every item would otherwise make a warning as long as the feed.
    private const int Named = 3;
    private readonly List<string> _problems = [];
    private int _count;

    public void Add(string problem)
    {
        if (_count++ < Named) _problems.Add(problem);
    }

    public string? Warning() => _count == 0 ? null
        : "JSON Feed read in part: " + string.Join("; ", _problems) + (_count > Named ? $"; and {_count - Named} more" : "");
}
