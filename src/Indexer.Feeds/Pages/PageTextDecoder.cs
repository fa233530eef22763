using System.Text;
using System.Text.RegularExpressions;

namespace Indexer.Feeds.Pages;

/// <summary>
/// Decodes an HTML page's bytes as a browser would, with one difference that matters for Gujarati sites.
/// </summary>
/// <remarks>
/// Order: a byte-order mark; then UTF-8 when the bytes are valid UTF-8 with non-ASCII text (a UTF-8 page labelled
/// ISO-8859-1 by a misconfigured server is common, and Gujarati in a legacy code page is never valid UTF-8); then
/// the charset of the HTTP Content-Type; then a <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declaration in
/// the first 1024 bytes (the HTML prescan's window); else windows-1252, the HTML default for undeclared pages.
/// </remarks>
public static partial class PageTextDecoder
{
    private const int PrescanBytes = 1024;

    public static string Decode(ReadOnlySpan<byte> content, string? contentType)
    {
        var (encoding, skip) = TextEncodings.FromByteOrderMark(content);
        encoding ??= TextEncodings.ValidUtf8WithNonAscii(content)
            ? Encoding.UTF8
            : TextEncodings.FromName(TextEncodings.CharsetOf(contentType))
              ?? TextEncodings.FromName(DeclaredCharset(content))
              ?? TextEncodings.FromName("windows-1252")!;
        // A page that declares UTF-16 in a meta tag was readable as ASCII, so it is not UTF-16 (HTML §13.2.3.3).
        if (encoding is UnicodeEncoding && skip == 0)
            encoding = Encoding.UTF8;
        return encoding.GetString(content[skip..]);
    }

    /// <summary>The charset a meta tag declares near the top of the page, or null.</summary>
    public static string? DeclaredCharset(ReadOnlySpan<byte> content)
    {
        var head = Encoding.Latin1.GetString(content[..Math.Min(content.Length, PrescanBytes)]);
        foreach (Match meta in MetaTag().Matches(head))
        {
            var tag = meta.Value;
            if (MetaCharset().Match(tag) is { Success: true } direct)
                return direct.Groups[1].Value;
            if (HttpEquivContentType().IsMatch(tag) && ContentCharset().Match(tag) is { Success: true } inContent)
                return inContent.Groups[1].Value;
        }
        return null;
    }

    [GeneratedRegex(@"<meta\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex MetaTag();

    [GeneratedRegex("""\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    [GeneratedRegex("""\bhttp-equiv\s*=\s*["']?content-type""", RegexOptions.IgnoreCase)]
    private static partial Regex HttpEquivContentType();

    [GeneratedRegex("""\bcontent\s*=\s*["'][^"']*?charset\s*=\s*([A-Za-z0-9._:\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ContentCharset();
}
