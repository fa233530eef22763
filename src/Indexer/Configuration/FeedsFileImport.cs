using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Indexer.Configuration;

/// <summary>A feed to add to feeds.json, as a subscription list names it.</summary>
public sealed record ImportedFeed(string Title, Uri Url, string? Category);

/// <summary>
/// Adds feeds to feeds.json: ids derived from their titles, polled "auto", existing entries (by URL) left alone.
/// The operator's file is edited as text, not rewritten, so their comments, order and layout survive; the new
/// entries go at the end of the "feeds" array and the result is validated like any edit before it is written.
/// </summary>
public static class FeedsFileImport
{
    public sealed record Result(string Json, IReadOnlyList<FeedDefinition> Added, IReadOnlyList<ImportedFeed> AlreadyPresent);

    private static readonly JsonSerializerOptions Strings = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="existing">The current feeds.json, or null when there is none yet.</param>
    /// <exception cref="ConfigException">The current file is not valid, or the result would not be.</exception>
    public static Result Add(string? existing, string path, string configDirectory, IEnumerable<ImportedFeed> feeds)
    {
        existing ??= "{\n  \"feeds\": [\n  ]\n}\n";
        var current = FeedsFile.Parse(existing, path, configDirectory);
        var ids = new HashSet<string>(current.Select(f => f.Id), StringComparer.OrdinalIgnoreCase);
        var urls = new HashSet<string>(current.Select(f => f.Url.AbsoluteUri), StringComparer.Ordinal);

        var entries = new List<string>();
        var present = new List<ImportedFeed>();
        foreach (var feed in feeds)
        {
            if (!urls.Add(feed.Url.AbsoluteUri))
            {
                present.Add(feed);
                continue;
            }
            var id = FeedIds.Unique(FeedIds.FromTitle(feed.Title, feed.Url), ids);
            ids.Add(id);
            var fields = new List<string> { Field("id", id), Field("url", feed.Url.AbsoluteUri), Field("interval", "auto") };
            if (feed.Category is not null) fields.Add(Field("category", feed.Category));
            entries.Add("{ " + string.Join(", ", fields) + " }");
        }

        var json = entries.Count == 0 ? existing : Insert(existing, path, entries);
        var result = FeedsFile.Parse(json, path, configDirectory);
        return new Result(json, result.Skip(current.Count).ToList(), present);
    }

    /// <summary>Writes the file whole or not at all: the running service's reload sees the old file or the new one.</summary>
    public static void WriteAtomically(string path, string json)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(new UTF8Encoding(false).GetBytes(json));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string Field(string name, string value) => $"\"{name}\": {JsonSerializer.Serialize(value, Strings)}";

    /// <summary>The text with the entries added after the last element of the top-level "feeds" array.</summary>
    private static string Insert(string json, string path, IReadOnlyList<string> entries)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        long insertAt = -1;
        var hasElements = false;
        var arrayDepth = -1;
        while (reader.Read())
        {
            if (arrayDepth < 0 && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("feeds"u8))
            {
                reader.Read();
                arrayDepth = reader.CurrentDepth;
                insertAt = reader.BytesConsumed;
            }
            else if (arrayDepth >= 0 && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == arrayDepth + 1)
            {
                insertAt = reader.BytesConsumed;
                hasElements = true;
            }
            else if (arrayDepth >= 0 && reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == arrayDepth)
            {
                break;
            }
        }
        if (insertAt < 0)
            throw new ConfigException($"{path}: no \"feeds\" array to add to");
        var commaTaken = false;
        if (hasElements && PastTrailingComment(bytes, (int)insertAt) is var (afterComment, comma) && afterComment != insertAt)
        {
            // The comma the new entries need goes before the comment, not into it.
            if (!comma) bytes = [.. bytes.AsSpan(0, (int)insertAt), (byte)',', .. bytes.AsSpan((int)insertAt)];
            (insertAt, commaTaken) = (afterComment + (comma ? 0 : 1), true);
        }
        var insertion = new StringBuilder();
        foreach (var entry in entries)
        {
            if (hasElements && !commaTaken) insertion.Append(',');
            commaTaken = false;
            insertion.Append("\n    ").Append(entry);
            hasElements = true;
        }
        var before = Encoding.UTF8.GetString(bytes, 0, (int)insertAt);
        var after = Encoding.UTF8.GetString(bytes, (int)insertAt, bytes.Length - (int)insertAt);
        return before + insertion + after;
    }

    /// <summary>
    /// A comment on the same line as the last entry ("{ … }, // keep me") belongs to that entry: where the line
    /// ends after it, and whether the entry's comma stands before it. The end itself when there is no comment.
    /// </summary>
    private static (int Position, bool CommaTaken) PastTrailingComment(byte[] bytes, int end)
    {
        var p = end;
        while (p < bytes.Length && bytes[p] is (byte)' ' or (byte)'\t') p++;
        var comma = p < bytes.Length && bytes[p] == ',';
        if (comma) p++;
        while (p < bytes.Length && bytes[p] is (byte)' ' or (byte)'\t') p++;
        if (p + 1 >= bytes.Length || bytes[p] != '/') return (end, false);
        if (bytes[p + 1] == '/')
        {
            while (p < bytes.Length && bytes[p] is not ((byte)'\n' or (byte)'\r')) p++;
            return (p, comma);
        }
        if (bytes[p + 1] != '*') return (end, false);
        var close = bytes.AsSpan(p + 2).IndexOf("*/"u8);
        if (close < 0 || bytes.AsSpan(p + 2, close).IndexOfAny((byte)'\n', (byte)'\r') >= 0) return (end, false);
        return (p + 2 + close + 2, comma);
    }
}

/// <summary>Feed ids made from titles: what feeds.json allows, readable, and unique.</summary>
public static class FeedIds
{
    private const int MaxLength = 60;

    /// <summary>
    /// Lowercase ASCII letters and digits of the title, words joined by '-'; a title with none (a Gujarati one)
    /// gives the URL's host and path instead ("feeds-bbci-co-uk-gujarati-rss").
    /// </summary>
    public static string FromTitle(string title, Uri url)
    {
        var id = Slug(title);
        if (id.Length == 0) id = Slug(url.Host.Replace("www.", "", StringComparison.OrdinalIgnoreCase) + " " + url.AbsolutePath);
        return id.Length == 0 ? "feed" : id;
    }

    /// <summary><paramref name="id"/>, or it with -2, -3, … when an id differing at most in case is taken.</summary>
    public static string Unique(string id, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(id)) return id;
        for (var n = 2; ; n++)
        {
            var candidate = $"{id[..Math.Min(id.Length, MaxLength - 4)]}-{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var id = slug.ToString().Trim('-');
        return id.Length <= MaxLength ? id : id[..MaxLength].TrimEnd('-');
    }
}
