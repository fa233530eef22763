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

    /// <summary>Bumped when the document layout changes; like the analyzer version it forces a rebuild.</summary>
    public const string SchemaVersion = "articles-2";
}
