using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Indexer.Feeds.Pages;

/// <summary>
/// Removes the parts of a news page around the story before SmartReader scores what is left. Readability's
/// scoring keeps what looks like prose; on news portals that lets in "read also" boxes inside the story, share
/// bars, captions and headline lists, which these rules take out first.
/// </summary>
internal static partial class BoilerplateCleaner
{
    /// <summary>
    /// An element holding more than this share of the page's text is never removed: a box of boilerplate is small
    /// next to the story, and a wrapper whose class happens to say "sidebar" may hold the story itself.
    /// </summary>
    private const double MaxShareRemoved = 0.4;

    /// <summary>Passed as the page's text size where a rule knows its box is boilerplate however big it is.</summary>
    private const int AnySize = int.MaxValue;

    private static readonly string[] StructuralSelectors =
    [
        "nav", "aside", "footer", "form", "button", "input", "select", "textarea", "figcaption", "dialog",
        "iframe", "noscript", "template", "[role=navigation]", "[role=banner]", "[role=contentinfo]",
        "[role=complementary]", "[role=dialog]", "[role=alertdialog]", "[hidden]", "[aria-hidden=true]",
    ];

    // Words in class and id names that mark a part of the page that is not the story. Compared whole, after
    // splitting "social-share", "shareBar" and "div_gpt_ad" into words, and on pairs ("read-more" is "readmore").
    private static readonly HashSet<string> BoilerplateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "share", "sharing", "sharethis", "social", "related", "newsletter", "promo", "sponsored", "comment", "comments",
        "cmt", "disqus", "advert", "advertisement", "ad", "ads", "adsbygoogle", "gpt", "breadcrumb", "breadcrumbs",
        "crumbs", "caption", "gallery", "tags", "cookie", "cookies", "consent", "gdpr", "sidebar", "widget", "menu",
        "navbar", "navigation", "topbar", "subscribe", "subscription", "popup", "modal", "trending", "mostread",
        "mostpopular", "readmore", "alsoread", "readalso", "recommended", "outbrain", "taboola", "byline", "author",
        "dateline", "meta", "follow", "login", "print", "signup", "disclaimer", "video",
    };

    // How a "read also" box starts, in Gujarati and English (the box is the link list that follows).
    [GeneratedRegex(@"^\s*(આ\s*પણ\s*વાંચો|વધુ\s*વાંચો|વાંચો\s*[:ઃ]|સંબંધિત\s*(સમાચાર|લેખ)|(also|must)\s*read|read\s*(also|more|next)|related\s*(stories|news|articles)?\b)", RegexOptions.IgnoreCase)]
    private static partial Regex ReadAlsoStart();

    // The whole heading of a reader comment section, with or without a count: "વાચકોના પ્રતિભાવ (14)", "તમારો
    // અભિપ્રાય આપો", "ટિપ્પણીઓ", "12 Comments", "Leave a comment". Whole, so that a story's own subheading
    // ("લોકોના પ્રતિભાવ", what people said) never matches.
    [GeneratedRegex(@"^\s*([\d૦-૯]+\s+)?(" +
        @"(વાચકો|વાંચકો|તમારા|તમારો|તમારી|આપના|આપનો|આપની)[\p{L}\p{M}]*\s+(પ્રતિભાવ|અભિપ્રાય|મંતવ્ય|પ્રતિક્રિયા|ટિપ્પણી|કોમેન્ટ|કૉમેન્ટ)[\p{L}\p{M}]*(\s+(આપો|લખો|જણાવો))?" +
        @"|(પ્રતિભાવ|ટિપ્પણી|કોમેન્ટ|કૉમેન્ટ)[\p{L}\p{M}]*" +
        @"|((reader|user)s?'?\s+)?(comments?|opinions|reactions)|(leave|post|add|write)\s+a\s+(comment|reply)|your\s+(comments?|opinions?|views)" +
        @")\s*[:ઃ-]?\s*(\(\s*[\d૦-૯]+\s*\))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentHeading();

    [GeneratedRegex(@"(?<=[a-z])(?=[A-Z])|[^A-Za-z0-9]+")]
    private static partial Regex WordBreak();

    public static void Clean(IHtmlDocument document, ExtractionRules rules)
    {
        if (document.Body is not { } body) return;
        var pageText = Math.Max(1, TextLength(body));

        if (rules.HasFlag(ExtractionRules.StructuralBoilerplate))
        {
            foreach (var element in document.QuerySelectorAll(string.Join(", ", StructuralSelectors)).ToList())
                Remove(element, pageText);
            // The site header carries the logo and the menu; a header inside the story carries its title.
            foreach (var header in document.QuerySelectorAll("header").Where(h => h.Closest("article, main") is null).ToList())
                Remove(header, pageText);
        }
        if (rules.HasFlag(ExtractionRules.ClassAndIdWords))
        {
            foreach (var element in body.QuerySelectorAll("[class], [id]").Where(NamedAsBoilerplate).ToList())
                Remove(element, pageText);
        }
        if (rules.HasFlag(ExtractionRules.CommentHeadings))
        {
            foreach (var heading in body.QuerySelectorAll("h2, h3, h4, h5, h6, div, p, span, strong, b, header, summary, legend").Where(IsCommentHeading).ToList())
                RemoveCommentSection(heading);
        }
        if (rules.HasFlag(ExtractionRules.ReadAlsoBoxes))
        {
            foreach (var start in body.QuerySelectorAll("*").Where(StartsReadAlsoBox).ToList())
                Remove(ReadAlsoBox(start), pageText);
        }
        if (rules.HasFlag(ExtractionRules.LinkDenseBlocks))
        {
            foreach (var block in body.QuerySelectorAll("ul, ol, div, section, td, p, table").ToList())
            {
                if (block.Parent is not null && block.QuerySelector("a") is not null && LinkDensity(block) >= 0.6)
                    Remove(block, pageText);
            }
        }
    }

    private static bool NamedAsBoilerplate(IElement element)
    {
        if (element.LocalName is "html" or "body" or "main" or "article") return false;
        var words = new List<string>();
        foreach (var name in new[] { element.ClassName, element.Id })
            if (!string.IsNullOrEmpty(name))
                words.AddRange(WordBreak().Split(name).Where(w => w.Length > 0));
        for (var i = 0; i < words.Count; i++)
        {
            if (BoilerplateWords.Contains(words[i])) return true;
            if (i + 1 < words.Count && BoilerplateWords.Contains(words[i] + words[i + 1])) return true;
        }
        return false;
    }

    private static bool IsCommentHeading(IElement element) =>
        element.Parent is not null && element.TextContent.Length < 80 && CommentHeading().IsMatch(element.TextContent);

    /// <summary>
    /// The section a comment heading begins: climb while the enclosing block still begins with it; a heading that no
    /// block begins with heads the siblings after it. Removed even when it holds most of the page's text (readers
    /// often write more than the story), since no story begins with "વાચકોના પ્રતિભાવ".
    /// </summary>
    private static void RemoveCommentSection(IElement heading)
    {
        if (heading.Parent is null) return;
        var text = heading.TextContent.Trim();
        var box = heading;
        while (box.ParentElement is { } parent && parent.LocalName is not ("body" or "article" or "main")
               && parent.TextContent.TrimStart().StartsWith(text, StringComparison.Ordinal))
            box = parent;
        if (box == heading)
            foreach (var after in heading.ParentElement?.Children.SkipWhile(c => c != heading).Skip(1).ToList() ?? [])
                Remove(after, AnySize);
        Remove(box, AnySize);
    }

    /// <summary>A short element whose text begins with "આ પણ વાંચો" or the like.</summary>
    private static bool StartsReadAlsoBox(IElement element) =>
        element.Children.Length == 0 || element.LocalName is "p" or "li" or "h2" or "h3" or "h4" or "h5" or "strong" or "b" or "span" or "div"
            ? element.TextContent.Length < 300 && ReadAlsoStart().IsMatch(element.TextContent)
            : false;

    /// <summary>
    /// The heading and what follows it: climb while the enclosing block is mostly links, or still begins with the
    /// heading (a box of teaser cards has prose under each link, but the story never begins with "આ પણ વાંચો").
    /// </summary>
    private static IElement ReadAlsoBox(IElement start)
    {
        var box = start;
        while (box.ParentElement is { } parent && parent.LocalName is not ("body" or "article" or "main")
               && TextLength(parent) < 1500 && (LinkDensity(parent) >= 0.4 || ReadAlsoStart().IsMatch(parent.TextContent)))
            box = parent;
        return box;
    }

    private static void Remove(IElement element, int pageText)
    {
        // Already detached with an ancestor, or too big to be boilerplate.
        if (element.Parent is null || element.LocalName is "html" or "body") return;
        if (TextLength(element) > MaxShareRemoved * pageText) return;
        // A box between two runs of text (paragraphs written with <br>) separated them; the break must stay.
        if (TextBeside(element, n => n.PreviousSibling) || TextBeside(element, n => n.NextSibling))
            element.Replace(element.Owner!.CreateElement("br"));
        else
            element.Remove();
    }

    /// <summary>Whether the nearest sibling on one side that is not blank is text.</summary>
    private static bool TextBeside(INode node, Func<INode, INode?> step)
    {
        for (var sibling = step(node); sibling is not null; sibling = step(sibling))
        {
            if (sibling is IText text && string.IsNullOrWhiteSpace(text.Data)) continue;
            return sibling is IText;
        }
        return false;
    }

    private static double LinkDensity(IElement element)
    {
        var total = TextLength(element);
        if (total == 0) return 0;
        var linked = element.QuerySelectorAll("a").Sum(TextLength);
        return (double)linked / total;
    }

    private static int TextLength(IElement element)
    {
        var count = 0;
        foreach (var c in element.TextContent)
            if (!char.IsWhiteSpace(c)) count++;
        return count;
    }
}
