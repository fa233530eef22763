using System.Globalization;
using System.Text.RegularExpressions;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// Reads the dates feeds actually contain: RFC 822/1123 (named zones such as IST included, two-digit years,
/// missing seconds or weekday, sloppy spacing and month names) and ISO 8601 / W3C-DTF. Culture-invariant.
/// </summary>
/// <remarks>
/// A zone name we do not know gives null rather than a guess: a date hours off is worse than a date flagged missing.
/// Military single-letter zones other than Z are read as UTC, as RFC 2822 §4.3 advises, because RFC 822 defined their signs backwards.
/// </remarks>
public static partial class FeedDateParser
{
    private static readonly Dictionary<string, TimeSpan> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["IST"] = new TimeSpan(5, 30, 0),
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2),
        ["MET"] = TimeSpan.FromHours(1), ["MEST"] = TimeSpan.FromHours(2), ["Etc/GMT"] = TimeSpan.Zero, ["Etc/UTC"] = TimeSpan.Zero,
        ["EET"] = TimeSpan.FromHours(2), ["EEST"] = TimeSpan.FromHours(3),
        ["JST"] = TimeSpan.FromHours(9),
    };

    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM", "yyyy",
    ];

    /// <summary>The instant in UTC (offset zero), or null when the text is not a date we can read with certainty.</summary>
    public static DateTimeOffset? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var text = Whitespace().Replace(raw.Trim(), " ");
        var parsed = IsoStart().IsMatch(text) ? ParseIso(text) : ParseRfc822(text);
        return parsed?.ToUniversalTime();
    }

    private static DateTimeOffset? ParseIso(string text)
    {
        // A trailing zone written "+0530" is common in sloppy W3C-DTF; .NET's K wants "+05:30".
        text = CompactOffset().Replace(text, "$1$2:$3");
        return DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : null;
    }

    private static DateTimeOffset? ParseRfc822(string text)
    {
        // Month first: JavaScript's Date.toString ("Sat Sep 13 2025 10:15:00 GMT+0530 (India Standard Time)"),
        // C's asctime ("Sun Jan  4 16:29:06 2004") and Twitter's ("Sun Jul 15 01:16:00 +0000 2012").
        var match = Rfc822().Match(text) is { Success: true } dayFirst ? dayFirst : MonthFirst().Match(text);
        if (!match.Success)
            return null;
        var month = MonthNumber(match.Groups["month"].Value);
        var offset = Offset(match.Groups["zone"].Value);
        if (month is null || offset is null)
            return null;
        var year = FullYear(match.Groups["year"].Value);
        var hour = match.Groups["hour"].Success ? int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        if (year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month.Value) || hour > 23 || minute > 59 || second > 60)
            return null;
        // A leap second cannot be represented; the second before it is the honest neighbour.
        second = Math.Min(second, 59);
        var local = new DateTime(year, month.Value, day, hour, minute, second);
        // 31 Dec 9999 at -14:00 is in year 10000 in UTC: out of range, not a crash.
        var utcTicks = local.Ticks - offset.Value.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks
            ? null
            : new DateTimeOffset(local, offset.Value);
    }

    private static int? MonthNumber(string name)
    {
        if (name.Length < 3)
            return null;
        var lower = name.ToLowerInvariant();
        for (var i = 0; i < Months.Length; i++)
        {
            if (Months[i].StartsWith(lower, StringComparison.Ordinal))
                return i + 1;
        }
        return null;
    }

    private static int FullYear(string digits)
    {
        var year = int.Parse(digits, CultureInfo.InvariantCulture);
        // RFC 2822 §4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900.
        return digits.Length switch
        {
            2 => year < 50 ? 2000 + year : 1900 + year,
            3 => 1900 + year,
            _ => year,
        };
    }

    private static TimeSpan? Offset(string zone)
    {
        if (zone.Length == 0)
            return TimeSpan.Zero;
        // "GMT+05:30", "UTC-0100": a numeric offset written after the name of the zone it is relative to.
        if (zone.Length > 3 && zone[3] is '+' or '-' && (zone.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || zone.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)))
            zone = zone[3..];
        if (zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "");
            var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
                return null;
            var offset = new TimeSpan(hours, minutes, 0);
            return zone[0] == '-' ? -offset : offset;
        }
        if (NamedZones.TryGetValue(zone, out var named))
            return named;
        return zone.Length == 1 && char.IsAsciiLetter(zone[0]) && char.ToUpperInvariant(zone[0]) != 'J' ? TimeSpan.Zero : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\d{4}(-\d{2}){0,2}([T ]|$)")]
    private static partial Regex IsoStart();

    [GeneratedRegex(@"([T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s?([+-]\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();

    private const string ZonePattern = @"(?<zone>(?:GMT|UTC)?[+-]\d{2}:?\d{2}|Etc/(?:GMT|UTC)|[A-Za-z]{1,5})";

    [GeneratedRegex(
        @"^(?:[A-Za-z]+\.?\s?,?\s?)?(?<day>\d{1,2})[\s-](?<month>[A-Za-z]+)\.?,?[\s-](?<year>\d{4}|\d{2,3})" +
        @"(?:,?\s(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\.\d+)?" +
        @"(?:\s?" + ZonePattern + @")?)?(?:\s?\([^)]*\))?$")]
    private static partial Regex Rfc822();

    [GeneratedRegex(
        @"^(?:[A-Za-z]+,?\s)?(?<month>[A-Za-z]+)\.?\s(?<day>\d{1,2}),?\s" +
        @"(?:(?<year>\d{4})\s(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\s?" + ZonePattern + ")?" +
        @"|(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s(?:" + ZonePattern + @"\s)?(?<year>\d{4}))" +
        @"(?:\s?\([^)]*\))?$")]
    private static partial Regex MonthFirst();
}
