using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Indexer.Feeds.Parsing;
using SmartReader;

namespace Indexer.Feeds.Pages;

/// <summary>
/// Reads the story out of a news page: SmartReader (a port of Mozilla's Readability) on the page after
/// <see cref="BoilerplateCleaner"/> has taken out what news portals put around and inside a story, checked against
/// the page's schema.org articleBody where there is one. Paragraphs become lines; the text is not normalised.
/// Thread-safe: each call parses its own document.
/// </summary>
public sealed partial class ArticleExtractor(ExtractionRules rules = ExtractionRules.All)
{
    /// <summary>Shorter than this, the text is not a story (a cookie notice, an error page, a paywall stub).</summary>
    public const int MinimumTextLength = 80;

    // Reconciling the markup with the articleBody (see Reconcile): markup with under this share of the articleBody's
    // words lost the story; the two agree from this share of shared word pairs on; an articleBody under this share
    // of the markup's words is cut short.
    private const double MarkupLostShare = 0.3;
    private const double MinAgreement = 0.5;
    private const double MinLengthShare = 0.8;

    // A line of a story ends like a sentence; a dateline, "શેર કરો" or "Follow us" does not.
    [GeneratedRegex(@"[.।?!…:;)\]”""'’]\s*$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>Extracts the story of one page.</summary>
    /// <param name="url">Where the page lives: resolves its relative links (image, canonical).</param>
    /// <exception cref="PageExtractionException">Nothing on the page reads as a story.</exception>
    public ExtractedPage Extract(string html, Uri url)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(url);
        var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        // Metadata first: the cleaner removes the byline and captions some of it is read from.
        var metadata = PageMetadata.Read(document, url);
        // The headline as the page shows it, before the cleaner takes out a header that holds it.
        var headlines = document.QuerySelectorAll("h1").Select(h => h.TextContent).Append(document.Title).ToList();
        if (rules.HasFlag(ExtractionRules.BreakParagraphs))
            BreakParagraphs.Apply(document);
        BoilerplateCleaner.Clean(document, rules);
        // Read before SmartReader, which drops the class names that tell the story's paragraphs apart.
        var storyParagraphs = rules.HasFlag(ExtractionRules.EdgeLines) ? ParagraphsGoingOnWithTheStory(document) : [];

        // The constructor that takes a parsed document never downloads anything (ParseArticle(url, html) would).
        using var reader = new Reader(url.AbsoluteUri, document);
        var article = reader.GetArticle();
        var lines = Lines(HtmlToText.ToText(article.Content));
        // SmartReader cuts "Name: headline" titles to "headline"; a page that shows its whole <title> as a line of
        // the story's text has it as its headline.
        var title = metadata.Title ?? (AsLines([document.Title]).FirstOrDefault(lines.Contains) ?? Blank(article.Title));
        if (rules.HasFlag(ExtractionRules.EdgeLines))
            lines = TrimEdges(lines, AsLines(headlines.Append(metadata.Title).Append(article.Title)), storyParagraphs);

        var source = TextSource.Markup;
        if (rules.HasFlag(ExtractionRules.JsonLdBody) && UsableArticleBody(metadata.ArticleBody) is { } ldLines)
            (lines, source) = Reconcile(lines, ldLines);

        var text = string.Join('\n', lines);
        if (text.Length < MinimumTextLength)
            throw new PageExtractionException(text.Length == 0
                ? "nothing on the page reads as an article"
                : $"the page's article text is only {text.Length} characters");

        return new ExtractedPage(
            text,
            title,
            metadata.Author ?? Blank(article.Author),
            // Not SmartReader's date: without metadata it guesses one from the URL's /2024/10/ and calls it the 1st.
            metadata.Published,
            metadata.ImageUrl ?? Absolute(url, article.FeaturedImage),
            metadata.CanonicalUrl,
            source);
    }

    /// <summary>
    /// What the schema.org articleBody adds to the markup's text. It is all there is when the markup lost the story
    /// (a page its scripts render). It is ignored when it tells another story (a template bug: it shares common
    /// words with the page but few word pairs) or is cut short (a CMS truncates it, with or without "…", so it is
    /// much shorter than the markup or stops mid-sentence). Otherwise the markup's lines it confirms are kept when
    /// they hold nearly all of it (the markup keeps the paragraphs), else the articleBody, since the markup then lost
    /// part of the story.
    /// </summary>
    private static (List<string> Lines, TextSource Source) Reconcile(List<string> markup, List<string> articleBody)
    {
        var markupWords = markup.SelectMany(Words).ToList();
        var ldWords = articleBody.SelectMany(Words).ToList();
        if (markupWords.Count < MarkupLostShare * ldWords.Count)
            return (articleBody, TextSource.JsonLd);
        if (Agreement(markupWords, ldWords) < MinAgreement
            || ldWords.Count < MinLengthShare * markupWords.Count
            || !SentenceEnd().IsMatch(articleBody[^1]))
            return (markup, TextSource.Markup);

        var bodyWords = ldWords.ToHashSet(StringComparer.Ordinal);
        var confirmed = markup.Where(line => Words(line) is var words && words.Count > 0
            && words.Count(bodyWords.Contains) >= 0.8 * words.Count).ToList();
        var confirmedWords = confirmed.Sum(line => Words(line).Count);
        return confirmedWords >= 0.9 * ldWords.Count ? (confirmed, TextSource.Markup) : (articleBody, TextSource.JsonLd);
    }

    /// <summary>
    /// How far two texts tell the same story: the share of word pairs of one that the other has too, for whichever
    /// has more of its pairs in the other (one may hold only part of the other). Pairs, not words: two Gujarati
    /// stories share most of their common words (છે, અને, કે) but few pairs.
    /// </summary>
    private static double Agreement(List<string> a, List<string> b)
    {
        var pairsA = Pairs(a);
        var pairsB = Pairs(b);
        if (pairsA.Count == 0 || pairsB.Count == 0) return 0;
        var shared = pairsA.Count(pairsB.Contains);
        return Math.Max((double)shared / pairsA.Count, (double)shared / pairsB.Count);
    }

    private static HashSet<string> Pairs(List<string> words) =>
        Enumerable.Range(0, Math.Max(0, words.Count - 1)).Select(i => words[i] + " " + words[i + 1]).ToHashSet(StringComparer.Ordinal);

    /// <summary>An articleBody worth trusting: long enough, and not cut short with an ellipsis.</summary>
    private static List<string>? UsableArticleBody(string? articleBody)
    {
        if (articleBody is null) return null;
        var text = articleBody.Contains('<') ? HtmlToText.ToText(articleBody) : HtmlToText.FromPlainText(articleBody);
        var trimmed = text.TrimEnd();
        if (trimmed.Length < 2 * MinimumTextLength || trimmed.EndsWith("...", StringComparison.Ordinal) || trimmed.EndsWith('…'))
            return null;
        return Lines(text);
    }

    /// <summary>Texts (the page's titles, paragraphs) as lines of the story would show them: whitespace collapsed, blanks left out.</summary>
    private static HashSet<string> AsLines(IEnumerable<string?> texts) =>
        texts.Select(t => HtmlToText.FromPlainText(t).Replace('\n', ' ')).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Drops what sits around the story at either end: the headline repeated (as the h1, the &lt;title&gt;, the
    /// metadata or SmartReader give it; they differ on "Name: headline" titles), datelines and one-word lines.
    /// At the end, a short line that is one of <paramref name="storyParagraphs"/> is the story's last paragraph
    /// and stays, with whatever it ends.
    /// </summary>
    private static List<string> TrimEdges(List<string> lines, HashSet<string> titles, HashSet<string> storyParagraphs)
    {
        bool Boilerplate(string line) => titles.Contains(line) || (!SentenceEnd().IsMatch(line) && Words(line).Count < 8);
        var start = 0;
        var end = lines.Count;
        while (start < end && Boilerplate(lines[start])) start++;
        while (end > start && Boilerplate(lines[end - 1]) && !storyParagraphs.Contains(lines[end - 1])) end--;
        return lines.GetRange(start, end - start);
    }

    /// <summary>
    /// Short paragraphs written as the story's own paragraphs are: a &lt;p&gt; without a link, outside a figure,
    /// right after a &lt;p&gt; of the same class that ends like a sentence (or is such a paragraph itself). A story
    /// may end on two words ("deepwordpage કપાસપાક"), which the edge rule took for a "share" or credit line and
    /// dropped, so its words were never found; a share line, a photo credit or a tag list is another element, has
    /// a class of its own or is made of links, and is still dropped.
    /// </summary>
    private static HashSet<string> ParagraphsGoingOnWithTheStory(IHtmlDocument document)
    {
        var found = new HashSet<IElement>();
        foreach (var paragraph in document.QuerySelectorAll("p"))
        {
            if (paragraph.PreviousElementSibling is not { LocalName: "p" } before || before.ClassName != paragraph.ClassName
                || paragraph.QuerySelector("a") is not null || paragraph.Closest("figure") is not null)
                continue;
            if (found.Contains(before) || SentenceEnd().IsMatch(before.TextContent))
                found.Add(paragraph);
        }
        return AsLines(found.Select(p => p.TextContent));
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static List<string> Words(string line) => Word().Matches(line).Select(m => m.Value).ToList();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Absolute(Uri page, string? reference) =>
        !string.IsNullOrWhiteSpace(reference) && Uri.TryCreate(page, reference, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.AbsoluteUri
            : null;
}
