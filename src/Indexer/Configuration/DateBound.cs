using System.Globalization;

namespace Indexer.Configuration;

/// <summary>The date bounds /search and alerts.json accept: a bare date (the whole day) or a UTC date-time.</summary>
public static class DateBound
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
}
