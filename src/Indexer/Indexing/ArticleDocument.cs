using Indexer.Analysis.Gujarati;
using Indexer.Articles;
using Lucene.Net.Documents;

namespace Indexer.Indexing;

/// <summary>Maps a stored article onto a Lucene document.</summary>
public static class ArticleDocument
{
    private static readonly GujaratiAnalyzer Words = new();

    /// <summary>
    /// Analysed text whose postings keep each word's character offsets, so a hit is highlighted from the index
    /// (Search/OffsetHighlighter) instead of analysing its title and body again. The text itself is kept in the hit record.
    /// </summary>
    private static readonly FieldType TextWithOffsets = Frozen(new FieldType(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = Lucene.Net.Index.IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS,
    });

    /// <param name="layout">
    /// What to index beside the words; everything but <see cref="ArticleLayout.Full"/> is there for the benchmarks,
    /// which measure each addition against the layout before it.
    /// </param>
    public static Document Create(Article article, ArticleLayout layout = ArticleLayout.Full) => Create(article, layout, stored: true);

    /// <summary>
    /// Only the fields the index inverts (the same ones, analysed the same way), without the stored values and doc
    /// values a search reads back: what the alert percolator matches an article by, without encoding its hit record.
    /// </summary>
    public static Document CreateIndexedOnly(Article article) => Create(article, ArticleLayout.Full, stored: false);

    private static Document Create(Article article, ArticleLayout layout, bool stored)
    {
        var store = stored ? Field.Store.YES : Field.Store.NO;
        var document = new Document
        {
            new StringField(ArticleFields.Id, article.Id, store),
            new StringField(ArticleFields.FeedId, article.FeedId, store),
            new StringField(ArticleFields.Language, article.Language, store),
        };
        if (stored)
        {
            document.Add(new SortedDocValuesField(ArticleFields.FeedId, new Lucene.Net.Util.BytesRef(article.FeedId)));
            document.Add(new NumericDocValuesField(ArticleFields.SortDate, (article.Published ?? article.FirstSeen).ToUnixTimeMilliseconds()));
        }
        if (layout == ArticleLayout.Full)
        {
            // Title and body are tokenized once for their words and their keys (the costliest step of both), and
            // their keys share one field: a word in both costs one entry there, not two.
            var (words, keys) = ArticleFields.PhoneticAnalyzer.Tee(Words, article.Title, article.Body);
            document.Add(new Field(ArticleFields.Title, words[0], TextWithOffsets));
            document.Add(new Field(ArticleFields.Body, words[1], TextWithOffsets));
            document.Add(new Field(ArticleFields.Transliteration, keys, ArticleFields.KeysType));
            if (stored)
            {
                // The hit record is where searches, related stories and Latin readings read title and body; keeping
                // them as stored fields too compressed every text once more on each flush and merge, and tripled
                // the index. Only a body too large for the record is stored, where the record says it is missing.
                document.Add(new BinaryDocValuesField(ArticleFields.Hit, HitRecord.From(article).Encode(out var holdsBody)));
                if (!holdsBody) document.Add(new StoredField(ArticleFields.Body, article.Body));
            }
        }
        else if (layout == ArticleLayout.WithoutKeys)
        {
            // Analysed by the writer's per-field analyzer, as the words of the full layout are.
            document.Add(new Field(ArticleFields.Title, article.Title, TextWithOffsets));
            document.Add(new StoredField(ArticleFields.Title, article.Title));
            document.Add(new Field(ArticleFields.Body, article.Body, TextWithOffsets));
            document.Add(new StoredField(ArticleFields.Body, article.Body));
            document.Add(new BinaryDocValuesField(ArticleFields.Hit, HitRecord.From(article).Encode()));
        }
        else
        {
            document.Add(new TextField(ArticleFields.Title, article.Title, Field.Store.YES));
            document.Add(new TextField(ArticleFields.Body, article.Body, Field.Store.YES));
        }
        // "gu-IN" is also "gu", so a language=gu filter finds feeds that name their region.
        var dash = article.Language.IndexOf('-');
        if (dash > 0)
            document.Add(new StringField(ArticleFields.Language, article.Language[..dash], Field.Store.NO));
        if (article.Published is { } published)
            document.Add(new Int64Field(ArticleFields.Published, published.ToUnixTimeMilliseconds(), Field.Store.NO));
        if (!stored) return document;
        if (article.Url is not null)
            document.Add(new StoredField(ArticleFields.Url, article.Url));
        if (article.ImageUrl is not null)
            document.Add(new StoredField(ArticleFields.ImageUrl, article.ImageUrl));
        if (article.Published is { } date)
            document.Add(new StoredField(ArticleFields.Published, date.ToUnixTimeMilliseconds()));
        return document;
    }

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }
}

/// <summary>What a document holds beside its words and filters: the layouts the benchmarks compare.</summary>
public enum ArticleLayout
{
    /// <summary>Title and body indexed and stored as plain Lucene.Net would: no offsets, no hit record, no keys.</summary>
    Plain,

    /// <summary>The service's layout before Latin-script queries: offsets and the hit record, no phonetic keys.</summary>
    WithoutKeys,

    /// <summary>Everything the service indexes, phonetic keys included.</summary>
    Full,
}
