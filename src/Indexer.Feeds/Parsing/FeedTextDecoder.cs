using System.Net.Http.Headers;
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
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static FeedTextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(byte[] content, string? contentType)
    {
        var (encoding, skip) = FromByteOrderMark(content);
        encoding ??= ValidUtf8WithNonAscii(content)
            ? Encoding.UTF8
            : FromName(CharsetOf(contentType)) ?? FromUtf16Signature(content) ?? FromName(DeclaredEncoding(content)) ?? Encoding.UTF8;
        return encoding.GetString(content, skip, content.Length - skip);
    }

    private static readonly UTF32Encoding Utf32BigEndian = new(bigEndian: true, byteOrderMark: false);

    // Labels the WHATWG Encoding Standard decodes as windows-1252: its 0x80-0x9F are curly quotes and dashes where
    // ISO-8859-1 has invisible C1 controls, and feeds labelled Latin-1 or ASCII are full of them.
    private static readonly HashSet<string> Windows1252Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-ir-100", "latin1", "l1", "cp819", "ibm819", "csisolatin1",
        "us-ascii", "ascii", "ansi_x3.4-1968", "cp1252", "x-cp1252",
    };

    private static (Encoding? Encoding, int Skip) FromByteOrderMark(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (Utf32BigEndian, 4),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        _ => (null, 0),
    };

    // XML 1.0 Appendix F: without a BOM, "<" in UTF-32 or "<?" in UTF-16 still betrays the encoding and byte order.
    private static Encoding? FromUtf16Signature(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x3C, 0x00, 0x00, 0x00, ..] => Encoding.UTF32,
        [0x00, 0x00, 0x00, 0x3C, ..] => Utf32BigEndian,
        [0x3C, 0x00, 0x3F, 0x00, ..] => Encoding.Unicode,
        [0x00, 0x3C, 0x00, 0x3F, ..] => Encoding.BigEndianUnicode,
        _ => null,
    };

    private static bool ValidUtf8WithNonAscii(byte[] bytes)
    {
        if (Ascii.IsValid(bytes))
            return false;
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string? CharsetOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.CharSet?.Trim('"', '\'', ' ') : null;

    private static string? DeclaredEncoding(byte[] content)
    {
        // The declaration is ASCII in every encoding we accept without a BOM, so Latin-1 reads it faithfully.
        var head = Encoding.Latin1.GetString(content, 0, Math.Min(content.Length, 512));
        var match = XmlDeclarationEncoding().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        try
        {
            if (Windows1252Labels.Contains(name))
                return Encoding.GetEncoding(1252);
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            // An unknown label is the publisher's typo; the next source of truth decides.
            return null;
        }
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")]
    private static partial Regex XmlDeclarationEncoding();
}
