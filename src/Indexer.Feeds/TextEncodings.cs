using System.Net.Http.Headers;
using System.Text;

namespace Indexer.Feeds;

/// <summary>
/// What feed and page decoding share: byte-order marks, the "valid UTF-8 beats a legacy label" test, charset
/// labels as browsers read them, and the charset parameter of a Content-Type.
/// </summary>
internal static class TextEncodings
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static readonly UTF32Encoding Utf32BigEndian = new(bigEndian: true, byteOrderMark: false);

    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Labels the WHATWG Encoding Standard decodes as windows-1252: its 0x80-0x9F are curly quotes and dashes where
    // ISO-8859-1 has invisible C1 controls, and documents labelled Latin-1 or ASCII are full of them.
    private static readonly HashSet<string> Windows1252Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-ir-100", "latin1", "l1", "cp819", "ibm819", "csisolatin1",
        "us-ascii", "ascii", "ansi_x3.4-1968", "cp1252", "x-cp1252",
    };

    public static (Encoding? Encoding, int Skip) FromByteOrderMark(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (Utf32BigEndian, 4),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        _ => (null, 0),
    };

    /// <summary>
    /// True when the bytes hold non-ASCII text that is valid UTF-8. Real text in a legacy code page is almost never
    /// valid UTF-8, while UTF-8 labelled ISO-8859-1 is a common publisher mistake, so this outranks a label.
    /// </summary>
    public static bool ValidUtf8WithNonAscii(ReadOnlySpan<byte> bytes)
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

    public static string? CharsetOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.CharSet?.Trim('"', '\'', ' ') : null;

    /// <summary>The encoding a label names, as browsers read it; null for an unknown label (the next source decides).</summary>
    public static Encoding? FromName(string? name)
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
            return null;
        }
    }
}
