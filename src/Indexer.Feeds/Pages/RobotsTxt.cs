using System.Text;

namespace Indexer.Feeds.Pages;

/// <summary>
/// One host's robots.txt, read as RFC 9309 says: the group naming our product token (else the <c>*</c> group),
/// its Allow and Disallow rules matched against the path and query, the longest match winning, Allow on a tie;
/// <c>*</c> matches any run of characters and a final <c>$</c> anchors the end.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>What a host with no usable robots.txt (404, 410, …) allows: everything.</summary>
    public static readonly RobotsTxt AllowAll = new([]);

    /// <summary>What a host whose robots.txt could not be read (5xx, unreachable) allows for now: nothing.</summary>
    public static readonly RobotsTxt DisallowAll = new([(false, "/")]);

    private readonly List<(bool Allow, string Pattern)> _rules;

    private RobotsTxt(List<(bool Allow, string Pattern)> rules) => _rules = rules;

    /// <param name="productToken">Our name in User-agent lines, e.g. "GujaratiNewsIndexer" (compared ignoring case).</param>
    public static RobotsTxt Parse(string text, string productToken)
    {
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules)>();
        List<string>? agents = null;
        List<(bool, string)>? rules = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#', 2)[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key is "user-agent" or "useragent")
            {
                if (!lastWasAgent)
                {
                    agents = [];
                    rules = [];
                    groups.Add((agents, rules));
                }
                agents!.Add(value);
                lastWasAgent = true;
            }
            else if (key is "allow" or "disallow" && rules is not null)
            {
                lastWasAgent = false;
                // "Disallow:" with nothing after it allows everything; it adds no rule.
                if (value.Length > 0) rules.Add((key == "allow", value));
            }
            else
            {
                lastWasAgent = false;
            }
        }
        var ours = groups.Where(g => g.Agents.Any(a => a != "*" && productToken.StartsWith(a, StringComparison.OrdinalIgnoreCase) && a.Length > 0)).ToList();
        if (ours.Count == 0) ours = groups.Where(g => g.Agents.Contains("*")).ToList();
        return new RobotsTxt(ours.SelectMany(g => g.Rules).ToList());
    }

    public bool IsAllowed(Uri url)
    {
        var path = url.PathAndQuery;
        var best = -1;
        var allowed = true;
        foreach (var (allow, pattern) in _rules)
        {
            if (!Matches(pattern, path)) continue;
            var length = pattern.Length;
            if (length > best || (length == best && allow))
            {
                best = length;
                allowed = allow;
            }
        }
        return allowed;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        pattern = Normalise(pattern);
        var parts = pattern.Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal)) return false;
        var at = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var next = i == parts.Length - 1 && anchored
                ? (path.Length - parts[i].Length >= at && path.EndsWith(parts[i], StringComparison.Ordinal) ? path.Length - parts[i].Length : -1)
                : path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (next < 0) return false;
            at = next + parts[i].Length;
        }
        return !anchored || at == path.Length;
    }

    /// <summary>Rules may be written with raw UTF-8 (Gujarati paths); URLs are compared percent-encoded.</summary>
    private static string Normalise(string pattern)
    {
        var builder = new StringBuilder(pattern.Length);
        foreach (var rune in pattern.EnumerateRunes())
        {
            if (rune.IsAscii) builder.Append((char)rune.Value);
            else builder.Append(Uri.EscapeDataString(rune.ToString()));
        }
        return builder.ToString();
    }
}
