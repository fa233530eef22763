using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Indexer.Feeds.Opml;

/// <summary>One subscription in an OPML file: a feed URL with the reader's title and category for it.</summary>
public sealed record OpmlFeed(string Title, Uri XmlUrl, string? Category, Uri? HtmlUrl = null);

/// <summary>A subscription the file lists that cannot be followed, and why: the importer says so rather than lose it.</summary>
public sealed record SkippedOutline(string Title, string Reason);

/// <summary>What an OPML file lists: the feeds it can be followed by, and the outlines that cannot be.</summary>
public sealed record OpmlSubscriptions(IReadOnlyList<OpmlFeed> Feeds, IReadOnlyList<SkippedOutline> Skipped);

/// <summary>
/// OPML 2.0 subscription lists, as feed readers export and import them. Read leniently, because each reader
/// writes its own dialect: Miniflux and Feedly nest feeds in one level of category outlines, FreshRSS does too
/// and may add a category attribute, some readers put feeds at the top level; titles are in "title", "text" or
/// both. Outlines without an xmlUrl are folders, whatever their type says.
/// </summary>
public static class OpmlDocument
{
    private static readonly XmlReaderSettings Safe = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
    };

    /// <exception cref="FormatException">Not OPML: says what was found instead.</exception>
    public static OpmlSubscriptions Read(byte[] content, Uri source)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), Safe);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"not an OPML file: the XML is not well-formed (line {e.LineNumber}, position {e.LinePosition})", e);
        }
        if (document.Root?.Name.LocalName != "opml")
            throw new FormatException($"not an OPML file: the root element is <{document.Root?.Name.LocalName}>, not <opml>");
        var body = document.Root.Elements().FirstOrDefault(e => e.Name.LocalName == "body")
            ?? throw new FormatException("not an OPML file: it has no <body>");
        var feeds = new List<OpmlFeed>();
        var skipped = new List<SkippedOutline>();
        Collect(body, null, source, feeds, skipped);
        return new OpmlSubscriptions(feeds, skipped);
    }

    private static void Collect(XElement parent, string? folder, Uri source, List<OpmlFeed> feeds, List<SkippedOutline> skipped)
    {
        foreach (var outline in parent.Elements().Where(e => e.Name.LocalName == "outline"))
        {
            var title = Attribute(outline, "title") ?? Attribute(outline, "text");
            if (Attribute(outline, "xmlUrl") is not { } xmlUrl)
            {
                // A folder: its name is the category of what it holds (only the innermost folder counts). An empty
                // one that names a site or a feed type was meant as a subscription, and can't be one.
                if (!outline.Elements().Any() && (Attribute(outline, "htmlUrl") is not null || Attribute(outline, "type") is not null))
                    skipped.Add(new SkippedOutline(title ?? Attribute(outline, "htmlUrl")!, "it has no xmlUrl (`discover` can find a site's feed)"));
                Collect(outline, title ?? folder, source, feeds, skipped);
                continue;
            }
            if (!Uri.TryCreate(source, xmlUrl, out var url) || url.Scheme is not ("http" or "https"))
            {
                skipped.Add(new SkippedOutline(title ?? xmlUrl, $"its xmlUrl \"{xmlUrl}\" is not an http(s) URL"));
                continue;
            }
            var category = folder ?? FirstCategory(Attribute(outline, "category"));
            var htmlUrl = Attribute(outline, "htmlUrl") is { } html && Uri.TryCreate(html, UriKind.Absolute, out var page) ? page : null;
            feeds.Add(new OpmlFeed(title ?? url.Host, url, category, htmlUrl));
        }
    }

    /// <summary>OPML's category attribute is a comma-separated list of slash paths ("/Tech/Linux,/News").</summary>
    private static string? FirstCategory(string? categories) =>
        categories?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.Trim('/').Split('/')[^1].Trim())
            .FirstOrDefault(c => c.Length > 0);

    private static string? Attribute(XElement element, string name) =>
        element.Attribute(name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>OPML 2.0: one folder outline per category, feeds without one at the top level, in the given order.</summary>
    public static string Write(string title, IEnumerable<OpmlFeed> feeds, DateTimeOffset created)
    {
        var list = feeds.ToList();
        var body = new XElement("body");
        foreach (var group in list.GroupBy(f => f.Category))
        {
            var outlines = group.Select(Outline);
            if (group.Key is null) body.Add(outlines);
            else body.Add(new XElement("outline", new XAttribute("text", group.Key), new XAttribute("title", group.Key), outlines));
        }
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"),
                new XElement("head", new XElement("title", title), new XElement("dateCreated", created.ToString("r"))),
                body));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(text), new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
            document.Save(writer);
        return text.AppendLine().ToString();
    }

    private static XElement Outline(OpmlFeed feed)
    {
        var outline = new XElement("outline",
            new XAttribute("type", "rss"), new XAttribute("text", feed.Title), new XAttribute("title", feed.Title),
            new XAttribute("xmlUrl", feed.XmlUrl.OriginalString));
        if (feed.HtmlUrl is not null) outline.Add(new XAttribute("htmlUrl", feed.HtmlUrl.AbsoluteUri));
        return outline;
    }

    /// <summary>A StringWriter that declares UTF-8, which is what the text is served as.</summary>
    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
