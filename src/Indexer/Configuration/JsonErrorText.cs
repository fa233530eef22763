using System.Text.Json;
using System.Text.RegularExpressions;

namespace Indexer.Configuration;

/// <summary>
/// A JSON syntax error as an operator reads it: one position, counted from 1 as editors count. The parser's own
/// message ends with its 0-based "LineNumber: 1 | BytePositionInLine: 8", which beside our 1-based line made
/// two different line numbers for one mistake.
/// </summary>
public static partial class JsonErrorText
{
    public static string Describe(JsonException error)
    {
        var reason = ParserPosition().Replace(error.Message, "").Trim().TrimEnd('.');
        return error.LineNumber is { } line
            ? $"not valid JSON at line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}: {reason}"
            : $"not valid JSON: {reason}";
    }

    [GeneratedRegex(@"\s*(Path: \S*)?\s*\|?\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex ParserPosition();
}
