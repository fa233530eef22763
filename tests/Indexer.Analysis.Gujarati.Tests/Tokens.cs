using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Indexer.Analysis.Gujarati.Tests;

internal static class Tokens
{
    /// <summary>The analyzer as shipped: every rule, with long and short i/u folded.</summary>
    public static readonly GujaratiAnalyzer Default = new();

    /// <summary>
    /// The rule tables read best with vowel folding off, so each row shows its own rule's effect; the folding is
    /// tested on its own.
    /// </summary>
    public static readonly GujaratiAnalyzer Rules = new(new GujaratiAnalyzerOptions { FoldLongVowels = false });

    public static readonly GujaratiAnalyzer Unstemmed = new(new GujaratiAnalyzerOptions { Stem = false, FoldLongVowels = false });

    public static readonly GujaratiAnalyzer WithStopwords = new(new GujaratiAnalyzerOptions { RemoveStopwords = true, FoldLongVowels = false });

    public static List<string> Of(string text, Analyzer? analyzer = null) =>
        WithOffsets(text, analyzer).Select(t => t.Term).ToList();

    public static List<(string Term, int Start, int End)> WithOffsets(string text, Analyzer? analyzer = null)
    {
        var result = new List<(string, int, int)>();
        using var stream = (analyzer ?? Rules).GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            result.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return result;
    }
}
