using Indexer.Analysis.Gujarati;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

/// <summary>A parsed query, and the words of it typed in Latin letters with their phonetic keys.</summary>
public sealed record CheckedQuery(Query Query, IReadOnlyList<PhoneticWord> LatinWords);

/// <summary>
/// Lucene's classic syntax over title (boosted) and body, with the guard rails a public endpoint needs: no query
/// that scans the whole term dictionary (leading wildcards, regular expressions, fuzzy and range terms), and
/// wildcard terms normalised like indexed text.
/// </summary>
public sealed class ArticleQueryParser : MultiFieldQueryParser
{
    /// <summary>Field names a user may write before ':'; anything else before a colon is text.</summary>
    public static readonly IReadOnlyDictionary<string, string> UserFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = ArticleFields.Title,
        ["body"] = ArticleFields.Body,
        ["feed"] = ArticleFields.FeedId,
    };

    private const float TitleBoost = 2f;

    /// <summary>
    /// Weight of a Latin word's phonetic key beside its title (×2) and body (×1) forms: the key is how it reaches
    /// Gujarati text, while the word itself still matches where an article writes it in Latin letters (eBay).
    /// </summary>
    public const float LatinKeyBoost = 1f;

    /// <summary>
    /// Weight of a Gujarati word's key: it finds other spellings of a name (કાવાનૌઘ, કાવાનોઘ) but adds nothing to
    /// the score, so it never reorders the articles that have the word itself; any weight above it changed more
    /// top results of the Gujarati query set (analyzer README, "Latin-script queries").
    /// </summary>
    public const float GujaratiKeyBoost = 0f;

    private readonly List<PhoneticWord> _latinWords = [];
    private readonly bool _transliterate;
    private readonly bool _otherSpellings;
    private readonly Func<string, string> _feedId;

    /// <param name="transliterate">Add each word's phonetic key (Search:Transliteration).</param>
    /// <param name="otherSpellings">
    /// Add a Gujarati word's key too, for other spellings of a name. Only where results are ranked: the key also
    /// matches unrelated words with the same consonants (સમુદ્ર, સુંદર), which rank below the word itself but
    /// would fill a list in date order.
    /// </param>
    /// <param name="feedId">A feed id as the articles carry it (<see cref="FeedIdSpelling"/>); as typed when null.</param>
    public ArticleQueryParser(Analyzer analyzer, Operator defaultOperator, bool transliterate = true, bool otherSpellings = true,
        Func<string, string>? feedId = null)
        : base(LuceneVersion.LUCENE_48, [ArticleFields.Title, ArticleFields.Body], analyzer,
               new Dictionary<string, float> { [ArticleFields.Title] = TitleBoost, [ArticleFields.Body] = 1f })
    {
        _transliterate = transliterate;
        _otherSpellings = otherSpellings;
        _feedId = feedId ?? (id => id);
        DefaultOperator = defaultOperator;
        AllowLeadingWildcard = false;
        // The analyzer decides case and normalisation; the parser's own lowercasing would be a second, weaker copy.
        LowercaseExpandedTerms = false;
        AutoGeneratePhraseQueries = false;
    }

    /// <summary>Parses user text; throws <see cref="SearchQueryException"/> with a readable reason.</summary>
    /// <param name="strayQuoteAsText">Read an unpaired quotation mark as punctuation (<see cref="QueryText.StrayQuoteAsText"/>).</param>
    public Query ParseUserQuery(string text, string parameter = "q", bool strayQuoteAsText = false)
    {
        _latinWords.Clear();
        try
        {
            return Parse(QueryText.Prepare(text, UserFields.Keys, strayQuoteAsText));
        }
        catch (ParseException e)
        {
            throw new SearchQueryException($"{parameter}: " + Describe(e, text), parameter);
        }
    }

    /// <summary>
    /// User text as /search and alerts take it: parsed, and refused (a <see cref="SearchQueryException"/> on q) when
    /// it could only disappoint: exclusions alone match nothing, and more than <paramref name="maxClauses"/> terms
    /// cost more than a query should.
    /// </summary>
    /// <param name="parameter">What the text is called where it was given: q for /search, query in alerts.json.</param>
    /// <param name="strayQuoteAsText">
    /// Read an unpaired quotation mark as punctuation: for text a reader may have pasted (a search), not for a
    /// query written once to run for good (an alert), where the mistake is worth pointing out.
    /// </param>
    public static CheckedQuery ParseChecked(string text, Analyzer analyzer, Operator @operator, int maxClauses, bool transliterate = true, bool otherSpellings = true,
        Func<string, string>? feedId = null, string parameter = "q", bool strayQuoteAsText = false)
    {
        var parser = new ArticleQueryParser(analyzer, @operator, transliterate, otherSpellings, feedId);
        var query = parser.ParseUserQuery(text, parameter, strayQuoteAsText);
        // Lucene matches nothing for exclusions alone; an empty page would look like "no such articles".
        if (query is BooleanQuery { Clauses.Count: > 0 } boolean && boolean.Clauses.All(c => c.Occur == Occur.MUST_NOT))
            throw new SearchQueryException($"{parameter}: only excludes words (NOT, -), so it matches nothing; add a word to look for, or {LeaveOut(parameter)}", parameter);
        // Text the analyzer keeps no word of ("", title:"", a zero-width space, a lone dot, a word longer than any
        // the index holds) parses to an empty query, which matches nothing: an empty page for a query that asked for nothing.
        if (!HasTerms(query))
            throw new SearchQueryException($"{parameter}: there is nothing to search for: no word is left once quotes, punctuation, invisible characters and words over 255 letters are set aside; type a word to look for, or {LeaveOut(parameter)}", parameter);
        var clauses = Terms(query).Distinct().Count();
        if (clauses > maxClauses)
            throw new SearchQueryException($"{parameter}: too many terms ({clauses} clauses over title and body; at most {maxClauses})", parameter);
        return new CheckedQuery(query, [.. parser._latinWords]);
    }

    /// <summary>What a query of filters alone does: a search lists the newest articles, an alert sends every new one.</summary>
    private static string LeaveOut(string parameter) => parameter == "q"
        ? "leave q out and browse with a filter such as feed"
        : $"leave {parameter} out and give a filter such as feed, to be sent every new article it lets through";

    private static bool HasTerms(Query query) =>
        query is not BooleanQuery boolean || boolean.Clauses.Any(c => HasTerms(c.Query));

    // What Search:MaxClauses counts: the terms and phrases over title and body, a word repeated (a pasted headline)
    // once. The phonetic keys are not counted: one per word, they cannot turn a short query into a long one.
    private static IEnumerable<Query> Terms(Query query) => query switch
    {
        BooleanQuery boolean => boolean.Clauses.SelectMany(c => Terms(c.Query)),
        TermQuery { Term.Field: ArticleFields.Transliteration } => [],
        _ => [query],
    };

    protected override Query GetFieldQuery(string field, string queryText, bool quoted)
    {
        if (field == "feed" || field == ArticleFields.FeedId)
            return FeedTerm(queryText)!;
        var words = base.GetFieldQuery(field, queryText, quoted);
        // Null, like the base parser's, when no field has a term for the text (a lone stopword).
        return field is null && _transliterate ? WithKeys(words, queryText, quoted)! : words;
    }

    protected override Query GetFieldQuery(string field, string queryText, int slop)
    {
        if (field == "feed" || field == ArticleFields.FeedId)
            return FeedTerm(queryText)!;
        var words = base.GetFieldQuery(field, queryText, slop);
        return field is null && _transliterate ? WithKeys(words, queryText, quoted: true)! : words;
    }

    /// <summary>A feed id is matched ignoring case, as ids are unique; feed:"" names no feed, and is no term at all, as an empty phrase is.</summary>
    private TermQuery? FeedTerm(string id) =>
        string.IsNullOrWhiteSpace(id) ? null : new TermQuery(new Term(ArticleFields.FeedId, _feedId(id)));

    /// <summary>
    /// The words as the user wrote them, or their phonetic keys: one term per word, never an expansion into the
    /// Gujarati spellings a key stands for. A phrase's keys must all match (the key field has no positions).
    /// </summary>
    private Query? WithKeys(Query? words, string text, bool quoted)
    {
        var occur = quoted || DefaultOperator == Operator.AND ? Occur.MUST : Occur.SHOULD;
        var latin = GujaratiPhoneticKey.IsLatin(text);
        if (!latin && !_otherSpellings) return words;
        // Quotes in Gujarati ask for these words together, which the words' own terms say (inflected forms too). The
        // keys, having no positions, would match them apart, in any order, or as look-alikes (ઉત્તર કોરિયા: ઉતરવાનો).
        if (quoted && GujaratiPhoneticKey.IsGujarati(text)) return words;
        // A Gujarati word is already in the right script: only other spellings of it are worth adding.
        if (ArticleFields.PhoneticAnalyzer.Query(ArticleFields.Transliteration, text, occur, closeOnly: !latin) is not { } keys)
            return words;
        if (latin) _latinWords.AddRange(ArticleFields.PhoneticAnalyzer.Words(text));
        keys.Boost = latin ? LatinKeyBoost : GujaratiKeyBoost;
        var either = new BooleanQuery(disableCoord: true);
        if (words is not null) either.Add(words, Occur.SHOULD);
        either.Add(keys, Occur.SHOULD);
        return either;
    }

    protected override Query GetPrefixQuery(string field, string termStr)
    {
        if (field is null) return base.GetPrefixQuery(field!, termStr);
        if (field == "feed") return base.GetPrefixQuery(ArticleFields.FeedId, termStr);
        var normalized = GujaratiAnalyzer.NormalizeTerm(termStr);
        if (normalized.Length < 2)
            throw new ParseException($"a wildcard needs at least two letters before '*' (\"{termStr}*\" would match too much)");
        return base.GetPrefixQuery(field, normalized);
    }

    protected override Query GetWildcardQuery(string field, string termStr)
    {
        if (field is null) return base.GetWildcardQuery(field!, termStr);
        if (termStr.Length > 0 && termStr[0] is '*' or '?')
            throw new ParseException($"a leading wildcard (\"{termStr}\") would scan every word in the index; put letters before '*' or '?'");
        if (field == "feed") return base.GetWildcardQuery(ArticleFields.FeedId, termStr);
        var prefixLength = termStr.IndexOfAny(['*', '?']);
        if (prefixLength < 2)
            throw new ParseException($"a wildcard needs at least two letters before '*' or '?' (\"{termStr}\")");
        return base.GetWildcardQuery(field, GujaratiAnalyzer.NormalizeTerm(termStr[..prefixLength]) + termStr[prefixLength..]);
    }

    protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
        throw new ParseException($"fuzzy queries (\"{termStr}~\") are not supported; the analyzer already matches inflected forms and spelling variants");

    protected override Query GetRegexpQuery(string field, string termStr) =>
        throw new ParseException($"regular expressions (/{termStr}/) are not supported");

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive) =>
        throw new ParseException("range queries ([a TO b]) are not supported in q; use the from and to parameters for dates");

    /// <summary>
    /// The classic parser speaks in grammar tokens ("Encountered &lt;EOF&gt;", "Lexical error"); say the same in words a
    /// reader can act on. Our own refusals (wildcards, fuzzy, regex, ranges) pass through as written.
    /// </summary>
    private static string Describe(ParseException e, string text)
    {
        var message = e.Message;
        var fromGrammar = message.Contains("Lexical error", StringComparison.Ordinal) || message.Contains("Encountered", StringComparison.Ordinal);
        if (!fromGrammar)
        {
            const string wrapper = "Cannot parse '";
            var close = message.IndexOf("': ", StringComparison.Ordinal);
            if (message.StartsWith(wrapper, StringComparison.Ordinal) && close > 0) message = message[(close + 3)..];
            return message.Trim().TrimEnd('.');
        }
        if (CountUnescaped(text, '"') % 2 == 1)
            return "a quotation mark (\") is not closed; close the phrase or remove the quote";
        if (CountUnescaped(text, '(') != CountUnescaped(text, ')'))
            return "the brackets ( ) do not pair up";
        if (message.Contains("<EOF>", StringComparison.Ordinal))
            return "the query ends where a word was expected (after AND, OR, NOT, '+', '-' or a field name)";
        return "a word was expected where the query has an operator (AND, OR, NOT) or a symbol; put words between operators, or put a symbol in quotes";
    }

    private static int CountUnescaped(string text, char c)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == c) count++;
        }
        return count;
    }
}
