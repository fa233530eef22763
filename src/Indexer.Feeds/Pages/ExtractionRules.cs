namespace Indexer.Feeds.Pages;

/// <summary>
/// The improvements on plain SmartReader that news pages need, each measured on the page set (README,
/// "Full text from the linked page") and switchable one by one so the benchmark can measure each alone.
/// </summary>
[Flags]
public enum ExtractionRules
{
    /// <summary>Plain SmartReader on the page as it came.</summary>
    None = 0,
    /// <summary>Drops what is never story: nav, aside, footer, forms, the site header, figure captions, dialogs.</summary>
    StructuralBoilerplate = 1,
    /// <summary>Drops elements whose class or id names a boilerplate part: share, related, comment, ad, cookie, breadcrumb, caption, tags…</summary>
    ClassAndIdWords = 2,
    /// <summary>Drops "આ પણ વાંચો" / "read also" / "read more" boxes, wherever they sit in the story.</summary>
    ReadAlsoBoxes = 4,
    /// <summary>Drops blocks that are mostly links (headline lists, menus without markup, print/mail lines).</summary>
    LinkDenseBlocks = 8,
    /// <summary>Trims short unpunctuated lines (datelines, "share", "follow us") from the start and end of the text; a short last paragraph written like the story's others stays.</summary>
    EdgeLines = 16,
    /// <summary>
    /// Uses schema.org articleBody when it agrees with the markup's text and is not cut short: to keep only the lines
    /// it confirms, or instead of markup that gave less.
    /// </summary>
    JsonLdBody = 32,
    /// <summary>Makes paragraphs written as &lt;br&gt;&lt;br&gt; runs (text, &lt;font&gt; blocks) into &lt;p&gt; elements before anything else reads them.</summary>
    BreakParagraphs = 64,
    /// <summary>Drops reader comment sections known by their heading ("વાચકોના પ્રતિભાવ (14)", "ટિપ્પણીઓ", "Comments") whatever their markup is named.</summary>
    CommentHeadings = 128,
    All = StructuralBoilerplate | ClassAndIdWords | ReadAlsoBoxes | LinkDenseBlocks | EdgeLines | JsonLdBody | BreakParagraphs | CommentHeadings,
}
