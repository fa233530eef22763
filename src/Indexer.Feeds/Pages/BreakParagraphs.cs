using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Indexer.Feeds.Pages;

/// <summary>
/// Makes paragraphs that a page wrote as runs of <c>&lt;br&gt;&lt;br&gt;</c> into <c>&lt;p&gt;</c> elements, so that
/// everything after sees the blocks a reader sees. Old table layouts and many CMS bodies write a story as text and
/// <c>&lt;font&gt;</c> runs between double breaks; SmartReader drops a break chain that sits between two inline
/// elements and glues "…ગુરુવાર" to the story's first word, and a "read also" run of links between two such
/// paragraphs is no element the cleaner could take out.
/// </summary>
internal static class BreakParagraphs
{
    // Elements that may hold paragraphs; inline ones (font, span, b) and p itself may not.
    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        "body", "div", "td", "th", "section", "article", "main", "li", "dd", "blockquote", "center", "header", "footer",
        "aside", "figure", "form",
    };

    // Children that already are blocks: a paragraph ends before them.
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
        "header", "footer", "aside", "nav", "figure", "pre", "hr", "form", "main", "details", "center", "address",
        "fieldset", "script", "style", "noscript", "template",
    };

    public static void Apply(IHtmlDocument document)
    {
        if (document.Body is not { } body) return;
        foreach (var container in body.QuerySelectorAll("*").Prepend(body).Where(e => Containers.Contains(e.LocalName) && HasBreakRun(e)).ToList())
            Split(container);
    }

    /// <summary>Whether two or more &lt;br&gt; follow each other among the element's children (blank text between them aside).</summary>
    private static bool HasBreakRun(IElement element)
    {
        var run = 0;
        foreach (var child in element.ChildNodes)
        {
            if (IsBreak(child)) { if (++run >= 2) return true; }
            else if (!IsBlank(child)) run = 0;
        }
        return false;
    }

    private static void Split(IElement container)
    {
        var paragraph = new List<INode>();
        var breaks = new List<INode>();
        foreach (var child in container.ChildNodes.ToList())
        {
            if (IsBreak(child) || (breaks.Count > 0 && IsBlank(child)))
            {
                breaks.Add(child);
                continue;
            }
            var block = child is IElement e && Blocks.Contains(e.LocalName);
            if (block || breaks.Count(IsBreak) >= 2)
            {
                // A run of breaks (or a block) ends the paragraph.
                EndParagraph(container, paragraph, breaks);
            }
            else
            {
                paragraph.AddRange(breaks);
                breaks.Clear();
            }
            if (!block) paragraph.Add(child);
        }
        EndParagraph(container, paragraph, breaks);
    }

    /// <summary>Wraps the paragraph; a run of breaks after it goes, since the new &lt;p&gt; stands for it.</summary>
    private static void EndParagraph(IElement container, List<INode> paragraph, List<INode> breaks)
    {
        if (breaks.Count(IsBreak) >= 2)
            foreach (var node in breaks) container.RemoveChild(node);
        else
            paragraph.AddRange(breaks);
        breaks.Clear();
        Wrap(container, paragraph);
    }

    /// <summary>Moves the nodes into a new &lt;p&gt; where the first one was; nothing when they hold no text.</summary>
    private static void Wrap(IElement container, List<INode> nodes)
    {
        if (nodes.Any(n => !string.IsNullOrWhiteSpace(n.TextContent)))
        {
            var p = container.Owner!.CreateElement("p");
            container.InsertBefore(p, nodes[0]);
            foreach (var node in nodes) p.AppendChild(node);
        }
        nodes.Clear();
    }

    private static bool IsBreak(INode node) => node is IElement { LocalName: "br" };

    private static bool IsBlank(INode node) => node is IComment || (node is IText text && string.IsNullOrWhiteSpace(text.Data));
}
