using System.Globalization;
using System.Text;
using System.Xml;

namespace Indexer.Api;

public enum SearchFeedFormat { Atom, Rss }

/// <summary>A search as a feed: what both formats say, already worked out.</summary>
/// <param name="Id">Stable for the same search, whoever asks and however the host is named.</param>
/// <param name="SelfUrl">The feed's own URL, as the reader asked for it.</param>
/// <param name="PageUrl">The same search on the search page.</param>
/// <param name="Updated">The newest entry's update time; null for an empty feed.</param>
public sealed record SearchFeed(string Id, string Title, string Description, string SelfUrl, string PageUrl, DateTimeOffset? Updated, IReadOnlyList<SearchFeedEntry> Entries);

/// <param name="Link">The original article; this service's copy when the publisher gave no link.</param>
/// <param name="SnippetHtml">The highlighted snippet, HTML-escaped with matched words in &lt;mark&gt;, as /search gives it.</param>
public sealed record SearchFeedEntry(string ArticleId, string Title, string Link, string FeedId, string Language,
    DateTimeOffset? Published, DateTimeOffset Updated, string? Author, string SnippetHtml)
{
    /// <summary>The entry's permanent id: a URN carrying the article id, the same in both formats.</summary>
    public string Id => SearchFeedXml.UrnPrefix + "article:" + ArticleId;
}

/// <summary>
/// Writes Atom 1.0 (RFC 4287) and RSS 2.0. Publishers' text can hold characters XML 1.0 cannot carry (control
/// characters, lone surrogates); they are dropped here, since one of them would make the whole feed unreadable.
/// </summary>
public static class SearchFeedXml
{
    public const string UrnPrefix = "urn:gujarati-news-indexer:";
    public const string AtomContentType = "application/atom+xml; charset=utf-8";
    public const string RssContentType = "application/rss+xml; charset=utf-8";
    private const string Generator = "Gujarati news indexer";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    public static byte[] Write(SearchFeed feed, SearchFeedFormat format)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            if (format == SearchFeedFormat.Atom) WriteAtom(writer, feed);
            else WriteRss(writer, feed);
        }
        return buffer.ToArray();
    }

    private static void WriteAtom(XmlWriter w, SearchFeed feed)
    {
        w.WriteStartDocument();
        w.WriteStartElement("feed", AtomNamespace);
        w.WriteElementString("id", AtomNamespace, feed.Id);
        Text(w, "title", feed.Title);
        Text(w, "subtitle", feed.Description);
        // A feed needs an update time even when nothing matches yet; the epoch says "never" without changing.
        w.WriteElementString("updated", AtomNamespace, AtomDate(feed.Updated ?? DateTimeOffset.UnixEpoch));
        AtomLink(w, "self", "application/atom+xml", feed.SelfUrl);
        AtomLink(w, "alternate", "text/html", feed.PageUrl);
        // Entries whose publisher named no author are covered by the feed's own, as RFC 4287 requires.
        w.WriteStartElement("author", AtomNamespace);
        w.WriteElementString("name", AtomNamespace, Generator);
        w.WriteEndElement();
        w.WriteElementString("generator", AtomNamespace, Generator);
        foreach (var entry in feed.Entries)
        {
            w.WriteStartElement("entry", AtomNamespace);
            w.WriteAttributeString("xml", "lang", null, entry.Language);
            w.WriteElementString("id", AtomNamespace, entry.Id);
            Text(w, "title", entry.Title);
            AtomLink(w, "alternate", "text/html", entry.Link);
            if (entry.Published is { } published) w.WriteElementString("published", AtomNamespace, AtomDate(published));
            w.WriteElementString("updated", AtomNamespace, AtomDate(entry.Updated));
            if (Clean(entry.Author) is { Length: > 0 } author)
            {
                w.WriteStartElement("author", AtomNamespace);
                w.WriteElementString("name", AtomNamespace, author);
                w.WriteEndElement();
            }
            w.WriteStartElement("category", AtomNamespace);
            w.WriteAttributeString("term", entry.FeedId);
            w.WriteEndElement();
            w.WriteStartElement("summary", AtomNamespace);
            w.WriteAttributeString("type", "html");
            w.WriteString(Clean(entry.SnippetHtml));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteRss(XmlWriter w, SearchFeed feed)
    {
        w.WriteStartDocument();
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
        w.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
        w.WriteStartElement("channel");
        w.WriteElementString("title", Clean(feed.Title));
        w.WriteElementString("link", feed.PageUrl);
        w.WriteElementString("description", Clean(feed.Description));
        if (feed.Updated is { } updated) w.WriteElementString("lastBuildDate", RssDate(updated));
        w.WriteElementString("generator", Generator);
        // The self link RSS lacks, borrowed from Atom as feed validators recommend.
        AtomLink(w, "self", "application/rss+xml", feed.SelfUrl);
        foreach (var entry in feed.Entries)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", Clean(entry.Title));
            w.WriteElementString("link", entry.Link);
            w.WriteElementString("description", Clean(entry.SnippetHtml));
            // RSS's own <author> must be an e-mail address; publishers give names, which dc:creator is for.
            if (Clean(entry.Author) is { Length: > 0 } author) w.WriteElementString("dc", "creator", DublinCoreNamespace, author);
            w.WriteElementString("category", entry.FeedId);
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "false");
            w.WriteString(entry.Id);
            w.WriteEndElement();
            w.WriteElementString("pubDate", RssDate(entry.Published ?? entry.Updated));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, string name, string text)
    {
        w.WriteStartElement(name, AtomNamespace);
        w.WriteAttributeString("type", "text");
        w.WriteString(Clean(text));
        w.WriteEndElement();
    }

    private static void AtomLink(XmlWriter w, string rel, string type, string href)
    {
        w.WriteStartElement("atom", "link", AtomNamespace);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static string AtomDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string RssDate(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>The text without the characters XML 1.0 cannot hold.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.AsSpan().ContainsAnyExcept(XmlSafe)) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (XmlConvert.IsXmlChar(c)) builder.Append(c);
        }
        return builder.ToString();
    }

    // Everything from the space up to the surrogates, plus tab and the line breaks: the common case, checked in one pass.
    private static readonly System.Buffers.SearchValues<char> XmlSafe = System.Buffers.SearchValues.Create(
        "\t\n\r" + string.Concat(Enumerable.Range(0x20, 0xD800 - 0x20).Select(c => (char)c)) +
        string.Concat(Enumerable.Range(0xE000, 0xFFFE - 0xE000).Select(c => (char)c)));
}
