using System.Text.Json;

namespace Indexer.Configuration;

/// <summary>
/// The shape feeds.json and alerts.json share: an object with one array under one name, comments and trailing
/// commas allowed, and nothing else at the top level (a misspelt top-level field would otherwise be ignored).
/// </summary>
public static class ConfigListFile
{
    /// <summary>Parses <paramref name="json"/> and hands each element of its <paramref name="listName"/> array to <paramref name="read"/>, with its index.</summary>
    public static List<T> Read<T>(string json, string source, string listName, Func<JsonElement, int, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{source}: {JsonErrorText.Describe(e)}");
        }
        using (document)
        {
            var root = document.RootElement;
            var article = "aeiou".Contains(listName[0]) ? "an" : "a";
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConfigException($"{source}: expected an object with {article} \"{listName}\" array");
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != listName)
                    throw new ConfigException($"{source}: unknown field \"{property.Name}\" (only \"{listName}\" is allowed at the top level)");
            }
            if (!root.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array)
                throw new ConfigException($"{source}: \"{listName}\" must be an array");
            return list.EnumerateArray().Select(read).ToList();
        }
    }
}
