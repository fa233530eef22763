using System.Globalization;
using Indexer.Search;

namespace Indexer.Api;

/// <summary>Reads single query-string values; every complaint names the parameter and says what is allowed.</summary>
public static class QueryParameters
{
    public static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count > 1)
            throw new SearchQueryException($"{name}: given {values.Count} times; give it once", name);
        return values.Count == 0 ? null : values[0];
    }

    public static int ReadInt(IQueryCollection query, string name, int fallback, int min, int max, string allowed)
    {
        var text = Single(query, name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new SearchQueryException($"{name}: \"{text}\" is not allowed; use {allowed}", name);
        return value;
    }
}
