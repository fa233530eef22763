using System.Globalization;
using System.Text.RegularExpressions;

namespace Indexer.Configuration;

/// <summary>The date bounds /search and alerts.json accept: a bare date (the whole day) or a UTC date-time.</summary>
public static partial class DateBound
{
    public const string Expected = "an ISO 8601 date (2024-09-14) or date-time (2024-09-14T10:15:00Z)";

    /// <summary>A bare date means the whole day: from its start, or to its last moment. Null when the text is neither form.</summary>
    public static DateTimeOffset? Parse(string text, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // TimeOnly.MaxValue rather than next midnight minus a tick: 9999-12-31 has no next midnight.
            return new DateTimeOffset(date.ToDateTime(endOfDay ? TimeOnly.MaxValue : TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment)
            && text.Contains('T'))
            return moment;
        return null;
    }

    /// <summary>
    /// Why <see cref="Parse"/> refused the text, as the end of a sentence that names it: a well-formed date-time
    /// whose offset takes it past the first or last day .NET can hold (0001-01-01T00:00:00+01:00) is no format mistake.
    /// </summary>
    public static string Refusal(string text)
    {
        var offset = TrailingOffset().Match(text);
        return offset.Success && text.Contains('T')
            && DateTime.TryParse(text[..offset.Index], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? "is out of range: in UTC it falls outside 0001-01-01 to 9999-12-31"
            : $"is not {Expected}";
    }

    [GeneratedRegex(@"[+-]\d{2}(:?\d{2})?$")]
    private static partial Regex TrailingOffset();
}
