using System.Text;
using System.Text.RegularExpressions;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// Decodes feed bytes to text before any XML parser sees them, so a wrong encoding declaration cannot produce mojibake.
/// </summary>
/// <remarks>
/// Order: a byte-order mark; then UTF-8 if the bytes hold non-ASCII text that is valid UTF-8 (real text in a legacy
/// code page is almost never valid UTF-8, while UTF-8 labelled ISO-8859-1 is a common publisher mistake);
/// then the charset of the HTTP Content-Type; then the XML declaration; else UTF-8.
/// </remarks>
internal static partial class FeedTextDecoder
{
    public static string Decode(byte[] content, string? contentType)
    {
        var (encoding, skip) = TextEncodings.FromByteOrderMark(content);
        encoding ??= TextEncodings.ValidUtf8WithNonAscii(content)
            ? Encoding.UTF8
            : TextEncodings.FromName(TextEncodings.CharsetOf(contentType)) ?? FromUtf16Signature(content)
              ?? TextEncodings.FromName(DeclaredEncoding(content)) ?? Encoding.UTF8;
        return encoding.GetString(content, skip, content.Length - skip);
    }

    // XML 1.0 Appendix F: without a BOM, "<" in UTF-32 or "<?" in UTF-16 still betrays the encoding and byte order.
    private static Encoding? FromUtf16Signature(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x3C, 0x00, 0x00, 0x00, ..] => Encoding.UTF32,
        [0x00, 0x00, 0x00, 0x3C, ..] => TextEncodings.Utf32BigEndian,
        [0x3C, 0x00, 0x3F, 0x00, ..] => Encoding.Unicode,
        [0x00, 0x3C, 0x00, 0x3F, ..] => Encoding.BigEndianUnicode,
        _ => null,
    };

    private static string? DeclaredEncoding(byte[] content)
    {
        // The declaration is ASCII in every encoding we accept without a BOM, so Latin-1 reads it faithfully.
        var head = Encoding.Latin1.GetString(content, 0, Math.Min(content.Length, 512));
        var match = XmlDeclarationEncoding().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")]
    private static partial Regex XmlDeclarationEncoding();
}
