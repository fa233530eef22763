using System.Buffers;
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
/// from the mapped file. It is not compressed: Brotli took 40 µs to unpack one record (a quarter of the stored-field
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

    private static byte[] Serialize(HitRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (record.Body?.Length ?? 0) * 3);
        buffer.GetSpan(1)[0] = Version;
        buffer.Advance(1);
        foreach (var text in new[] { record.Id, record.FeedId, record.Language, record.Title, record.Url, record.ImageUrl })
            Write(buffer, text);
        var published = buffer.GetSpan(9);
        published[0] = record.Published.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(published[1..], record.Published ?? 0);
        buffer.Advance(9);
        Write(buffer, record.Body);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A length (-1 for null) and the UTF-8 bytes.</summary>
    private static void Write(ArrayBufferWriter<byte> buffer, string? text)
    {
        var length = text is null ? -1 : Encoding.UTF8.GetByteCount(text);
        var span = buffer.GetSpan(4 + Math.Max(0, length));
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        if (text is not null) Encoding.UTF8.GetBytes(text, span[4..]);
        buffer.Advance(4 + Math.Max(0, length));
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
