using Indexer.Analysis.Gujarati;
using Indexer.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Indexer.Search;

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

    public ArticleQueryParser(Analyzer analyzer, Operator defaultOperator)
        : base(LuceneVersion.LUCENE_48, [ArticleFields.Title, ArticleFields.Body], analyzer,
               new Dictionary<string, float> { [ArticleFields.Title] = TitleBoost, [ArticleFields.Body] = 1f })
    {
        DefaultOperator = defaultOperator;
        AllowLeadingWildcard = false;
        // The analyzer decides case and normalisation; the parser's own lowercasing would be a second, weaker copy.
        LowercaseExpandedTerms = false;
        AutoGeneratePhraseQueries = false;
    }

    /// <summary>Parses user text; throws <see cref="SearchQueryException"/> with a readable reason.</summary>
    public Query ParseUserQuery(string text)
    {
        try
        {
            return Parse(QueryText.EscapeNonFieldColons(text, UserFields.Keys));
        }
        catch (ParseException e)
        {
            throw new SearchQueryException("q: " + Describe(e), "q");
        }
    }

    protected override Query GetFieldQuery(string field, string queryText, bool quoted)
    {
        if (field == "feed" || field == ArticleFields.FeedId)
            return new TermQuery(new Term(ArticleFields.FeedId, queryText));
        return base.GetFieldQuery(field, queryText, quoted);
    }

    protected override Query GetFieldQuery(string field, string queryText, int slop)
    {
        if (field == "feed" || field == ArticleFields.FeedId)
            return new TermQuery(new Term(ArticleFields.FeedId, queryText));
        return base.GetFieldQuery(field, queryText, slop);
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

    private static string Describe(ParseException e)
    {
        var message = e.Message;
        // The classic parser lists every token it expected; the first line is what a person needs.
        var cut = message.IndexOf("Was expecting", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut].TrimEnd();
        const string prefix = "Cannot parse '";
        if (message.StartsWith(prefix, StringComparison.Ordinal))
        {
            var close = message.IndexOf("': ", StringComparison.Ordinal);
            if (close > 0) message = message[(close + 3)..];
        }
        return message.Replace(Environment.NewLine, " ").Replace('\n', ' ').Trim().TrimEnd(':', '.');
    }
}
