using Indexer.Analysis.Gujarati;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace Indexer.Indexing;

/// <summary>The index schema: field names shared by indexing and querying so the two cannot drift apart.</summary>
public static class ArticleFields
{
    public const string Id = "id";
    public const string FeedId = "feedId";
    public const string Language = "language";
    public const string Title = "title";
    public const string Body = "body";
    public const string Url = "url";
    /// <summary>Stored only: the story's picture, from its page.</summary>
    public const string ImageUrl = "imageUrl";
    /// <summary>Numeric, indexed only when the feed gave a date: range filters never match undated articles.</summary>
    public const string Published = "published";
    /// <summary>Published, else first seen: what "newest" sorts by, so undated articles still find their place.</summary>
    public const string SortDate = "sortDate";

    /// <summary>
    /// Phonetic keys of the words of title and body (<see cref="GujaratiPhoneticAnalyzer"/>): what a query typed
    /// in Latin letters matches. The keys are replayed from the title's and the body's own analysis, so this name
    /// must sort after both: Lucene inverts a document's fields in name order.
    /// </summary>
    public const string Transliteration = "transliteration";

    /// <summary>Doc values only: what a search hit shows (<see cref="HitRecord"/>).</summary>
    public const string Hit = "hit";

    /// <summary>
    /// Bumped when the document layout changes; like the analyzer version it forces a rebuild. 6: title and body no
    /// longer stored beside the hit record, which readers of older indexes relied on.
    /// </summary>
    public const string SchemaVersion = "articles-6/" + GujaratiPhoneticAnalyzer.Version;

    /// <summary>The analyzer of <see cref="Transliteration"/>, for indexing and querying alike.</summary>
    public static GujaratiPhoneticAnalyzer PhoneticAnalyzer { get; } = new();

    /// <summary>
    /// Keys match words and frequencies rank them; the offsets say which word of the title or body a key came from
    /// (offset as <see cref="GujaratiPhoneticAnalyzer.TextGap"/> says), so a Latin query reads what it matched
    /// from the postings of its first results instead of analysing their text again, which cost more than the
    /// search itself. Lucene keeps offsets only with positions.
    /// </summary>
    public static FieldType KeysType { get; } = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS });

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }
}
