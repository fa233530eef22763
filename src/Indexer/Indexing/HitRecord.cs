using System.Buffers.Binary;
using System.Text;
using Indexer.Articles;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Indexer.Indexing;

/// <summary>
/// Everything a search hit shows, kept per document as one doc value (<see cref="ArticleFields.Hit"/>).
/// </summary>
/// <remarks>
/// Lucene's stored fields compress documents together in 16 KB chunks, so showing one hit decompresses its
/// neighbours too (in managed code, about 0.1 ms a hit: as much as the search itself). A doc value is read straight
/// from the index file. It is not compressed: Brotli took 40 µs to unpack one record (a quarter of the stored-field
/// cost) to save 60 % of its size; the index is larger by about the size of the text instead. It is the only copy of
/// title and body in the index (a body too large for it is stored apart, see <see cref="Encode(out bool)"/>).
/// </remarks>
public sealed record HitRecord(string Id, string FeedId, string Language, string Title, string? Url, string? ImageUrl, long? Published, string? Body)
{
    private const byte Version = 1;

    /// <summary>
    /// A record must fit in one doc value. A body that would not (a huge page, rarely) is left to the stored fields:
    /// <see cref="Body"/> is then null and the reader loads it from there.
    /// </summary>
    public const int MaxEncodedBytes = 32_000;

    public static HitRecord From(Article article) => new(article.Id, article.FeedId, article.Language, article.Title,
        article.Url, article.ImageUrl, article.Published?.ToUnixTimeMilliseconds(), article.Body);

    public BytesRef Encode() => Encode(out _);

    /// <param name="holdsBody">
    /// False when the body did not fit (or there was none): the document must then store the body itself, as the
    /// record is the only other place a hit's text is kept.
    /// </param>
    public BytesRef Encode(out bool holdsBody)
    {
        var encoded = Serialize(this);
        holdsBody = Body is not null;
        if (encoded.Length > MaxEncodedBytes && Body is not null)
        {
            encoded = Serialize(this with { Body = null });
            holdsBody = false;
        }
        return new BytesRef(encoded);
    }

    /// <summary>The record of a document, or null for one indexed before records existed.</summary>
    public static HitRecord? Read(BinaryDocValues? values, int doc, BytesRef scratch)
    {
        if (values is null) return null;
        values.Get(doc, scratch);
        return scratch.Length == 0 ? null : Decode(scratch.Bytes.AsSpan(scratch.Offset, scratch.Length));
    }

    public static HitRecord Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded[0] != Version) throw new InvalidDataException($"hit record version {encoded[0]} is not {Version}");
        var reader = new SpanReader(encoded[1..]);
        var id = reader.String()!;
        var feedId = reader.String()!;
        var language = reader.String()!;
        var title = reader.String()!;
        var url = reader.String();
        var imageUrl = reader.String();
        var published = reader.Int64();
        var body = reader.String();
        return new HitRecord(id, feedId, language, title, url, imageUrl, published, body);
    }

    // Sized exactly first and written in place: a growing buffer three times the body's length, then a copy of
    // it, was most of what encoding a record cost.
    private static byte[] Serialize(HitRecord record)
    {
        string?[] texts = [record.Id, record.FeedId, record.Language, record.Title, record.Url, record.ImageUrl];
        var length = 1 + 9 + SizeOf(record.Body);
        foreach (var text in texts) length += SizeOf(text);
        var encoded = new byte[length];
        encoded[0] = Version;
        var rest = encoded.AsSpan(1);
        foreach (var text in texts) rest = Write(rest, text);
        rest[0] = record.Published.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(rest[1..], record.Published ?? 0);
        Write(rest[9..], record.Body);
        return encoded;
    }

    private static int SizeOf(string? text) => 4 + (text is null ? 0 : Encoding.UTF8.GetByteCount(text));

    /// <summary>A length (-1 for null) and the UTF-8 bytes; returns what follows them.</summary>
    private static Span<byte> Write(Span<byte> span, string? text)
    {
        var length = text is null ? -1 : Encoding.UTF8.GetBytes(text, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        return span[(4 + Math.Max(0, length))..];
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public string? String()
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(_rest);
            _rest = _rest[4..];
            if (length < 0) return null;
            var text = Encoding.UTF8.GetString(_rest[..length]);
            _rest = _rest[length..];
            return text;
        }

        public long? Int64()
        {
            var present = _rest[0] == 1;
            var value = BinaryPrimitives.ReadInt64LittleEndian(_rest[1..]);
            _rest = _rest[9..];
            return present ? value : null;
        }
    }
}
