using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// Text-level fixes for the ways real feeds miss being well-formed XML while staying perfectly readable.
/// Applied only after a strict parse failed.
/// </summary>
internal static partial class XmlRepair
{
    // Prefixes feeds use without declaring, mapped to the namespaces they always mean; others get a private URN.
    private static readonly Dictionary<string, string> KnownPrefixes = new(StringComparer.Ordinal)
    {
        ["dc"] = FeedXmlNames.DublinCore.NamespaceName,
        ["dcterms"] = FeedXmlNames.DcTerms.NamespaceName,
        ["content"] = FeedXmlNames.Content.NamespaceName,
        ["rdf"] = FeedXmlNames.Rdf.NamespaceName,
        ["media"] = FeedXmlNames.MediaRss.NamespaceName,
        ["itunes"] = FeedXmlNames.ITunes.NamespaceName,
        ["atom"] = "http://www.w3.org/2005/Atom",
        ["xhtml"] = FeedXmlNames.Xhtml.NamespaceName,
    };

    /// <returns>The repaired text, and how many lines were removed from its start (for error positions).</returns>
    public static (string Xml, int LinesRemoved) Repair(string xml)
    {
        var (trimmed, linesRemoved) = TrimBeforeDeclaration(xml);
        var text = FixAmpersands(RemoveMisplacedDeclaration(trimmed));
        return (DeclareMissingPrefixes(text), linesRemoved);
    }

    /// <summary>Whitespace (or a stray byte-order mark) before "&lt;?xml" is fatal to XML parsers; PHP feeds often have it.</summary>
    private static (string Xml, int LinesRemoved) TrimBeforeDeclaration(string xml)
    {
        var start = 0;
        while (start < xml.Length && (char.IsWhiteSpace(xml[start]) || xml[start] == '\uFEFF'))
            start++;
        if (start == 0)
            return (xml, 0);
        var lines = xml.AsSpan(0, start).Count('\n');
        return (xml[start..], lines);
    }

    /// <summary>An XML declaration after a comment or a blank line is an error; dropping it loses nothing (the text is already decoded).</summary>
    private static string RemoveMisplacedDeclaration(string xml)
    {
        var match = XmlDeclaration().Match(xml);
        if (!match.Success || match.Index == 0)
            return xml;
        var rootStart = RootNameEnd(xml);
        return rootStart >= 0 && rootStart < match.Index ? xml : xml.Remove(match.Index, match.Length);
    }

    /// <summary>
    /// HTML named entities (&amp;nbsp; &amp;eacute; …) become numeric character references, and an ampersand that
    /// starts no reference at all ("AT&amp;T") becomes &amp;amp;. A name neither XML nor HTML knows is left alone,
    /// so an entity only a DTD could define still fails: nothing here ever expands one entity into others.
    /// CDATA sections are copied untouched.
    /// </summary>
    internal static string FixAmpersands(string xml)
    {
        if (!xml.Contains('&'))
            return xml;
        var result = new StringBuilder(xml.Length + 64);
        var i = 0;
        while (i < xml.Length)
        {
            var c = xml[i];
            if (c == '<' && string.CompareOrdinal(xml, i, "<![CDATA[", 0, 9) == 0)
            {
                var end = xml.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                end = end < 0 ? xml.Length : end + 3;
                result.Append(xml, i, end - i);
                i = end;
                continue;
            }
            if (c != '&')
            {
                result.Append(c);
                i++;
                continue;
            }
            var reference = Reference().Match(xml, i);
            if (!reference.Success)
            {
                result.Append("&amp;");
                i++;
                continue;
            }
            var name = reference.Groups["name"];
            if (name.Success && !IsXmlPredefined(name.Value) && HtmlEntity(name.Value) is { } replacement)
                result.Append(replacement);
            else if (reference.Value.StartsWith("&#X", StringComparison.Ordinal))
                result.Append("&#x").Append(xml, i + 3, reference.Length - 3);
            else
                result.Append(reference.Value);
            i += reference.Length;
        }
        return result.ToString();
    }

    private static bool IsXmlPredefined(string name) => name is "amp" or "lt" or "gt" or "quot" or "apos";

    private static string? HtmlEntity(string name)
    {
        var decoded = WebUtility.HtmlDecode($"&{name};");
        if (decoded.Length is 0 or > 2 || decoded[0] == '&')
            return null;
        var result = new StringBuilder();
        for (var k = 0; k < decoded.Length; k += char.IsSurrogatePair(decoded, k) ? 2 : 1)
            result.Append("&#").Append(char.ConvertToUtf32(decoded, k)).Append(';');
        return result.ToString();
    }

    /// <summary>Declares, on the root element, every prefix used on an element or attribute but never declared.</summary>
    private static string DeclareMissingPrefixes(string xml)
    {
        var declared = DeclaredPrefix().Matches(xml).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        declared.Add("xml");
        declared.Add("xmlns");
        var missing = UsedPrefix().Matches(xml).Select(m => m.Groups[1].Value)
            .Where(p => !declared.Contains(p))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var at = RootNameEnd(xml);
        if (missing.Count == 0 || at < 0)
            return xml;
        var declarations = string.Concat(missing.Select(p =>
            $" xmlns:{p}=\"{(KnownPrefixes.TryGetValue(p, out var uri) ? uri : "urn:x-undeclared-prefix:" + p)}\""));
        return string.Concat(xml.AsSpan(0, at), declarations, xml.AsSpan(at));
    }

    [GeneratedRegex(@"<\?xml\s[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    /// <summary>Where the root element's name ends, past the prolog's comments, declarations and DOCTYPE; -1 if none.</summary>
    private static int RootNameEnd(string xml)
    {
        var i = 0;
        while (true)
        {
            i = xml.IndexOf('<', i);
            if (i < 0 || i + 1 >= xml.Length)
                return -1;
            if (string.CompareOrdinal(xml, i, "<!--", 0, 4) == 0)
                i = SkipPast(xml, i + 4, "-->");
            else if (xml[i + 1] == '?')
                i = SkipPast(xml, i + 2, "?>");
            else if (xml[i + 1] == '!')
                i = SkipDoctype(xml, i);
            else
            {
                var end = i + 1;
                while (end < xml.Length && !char.IsWhiteSpace(xml[end]) && xml[end] is not ('>' or '/'))
                    end++;
                return end;
            }
            if (i < 0)
                return -1;
        }
    }

    private static int SkipPast(string xml, int from, string terminator)
    {
        var end = xml.IndexOf(terminator, from, StringComparison.Ordinal);
        return end < 0 ? -1 : end + terminator.Length;
    }

    // A DOCTYPE ends at the first ">" outside its [internal subset].
    private static int SkipDoctype(string xml, int from)
    {
        var inSubset = false;
        for (var i = from; i < xml.Length; i++)
        {
            switch (xml[i])
            {
                case '[': inSubset = true; break;
                case ']': inSubset = false; break;
                case '>' when !inSubset: return i + 1;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"\G&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|(?<name>[A-Za-z][A-Za-z0-9._-]{0,31});)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\bxmlns:([A-Za-z_][\w.-]*)\s*=")]
    private static partial Regex DeclaredPrefix();

    [GeneratedRegex(@"(?:</?|\s)([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*(?=[\s/>=])")]
    private static partial Regex UsedPrefix();
}
