using Indexer.Articles;
using Lucene.Net.Documents;

namespace Indexer.Indexing;

/// <summary>Maps a stored article onto a Lucene document.</summary>
public static class ArticleDocument
{
    public static Document Create(Article article)
    {
        var document = new Document
        {
            new StringField(ArticleFields.Id, article.Id, Field.Store.YES),
            new StringField(ArticleFields.FeedId, article.FeedId, Field.Store.YES),
            new SortedDocValuesField(ArticleFields.FeedId, new Lucene.Net.Util.BytesRef(article.FeedId)),
            new StringField(ArticleFields.Language, article.Language, Field.Store.YES),
            new TextField(ArticleFields.Title, article.Title, Field.Store.YES),
            new TextField(ArticleFields.Body, article.Body, Field.Store.YES),
            new NumericDocValuesField(ArticleFields.SortDate, (article.Published ?? article.FirstSeen).ToUnixTimeMilliseconds()),
        };
        // "gu-IN" is also "gu", so a language=gu filter finds feeds that name their region.
        var dash = article.Language.IndexOf('-');
        if (dash > 0)
            document.Add(new StringField(ArticleFields.Language, article.Language[..dash], Field.Store.NO));
        if (article.Url is not null)
            document.Add(new StoredField(ArticleFields.Url, article.Url));
        if (article.ImageUrl is not null)
            document.Add(new StoredField(ArticleFields.ImageUrl, article.ImageUrl));
        if (article.Published is { } published)
        {
            var millis = published.ToUnixTimeMilliseconds();
            document.Add(new Int64Field(ArticleFields.Published, millis, Field.Store.NO));
            document.Add(new StoredField(ArticleFields.Published, millis));
        }
        return document;
    }
}
