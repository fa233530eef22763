using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.In;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Data.Sqlite;

namespace Indexer.Analysis.Gujarati.Evaluation;

/// <summary>Something that indexes the corpus and returns the top document ids for a query.</summary>
internal interface IRetrievalSystem : IDisposable
{
    string Name { get; }

    IReadOnlyList<string> Search(string query, int top);
}

internal static class Analyzers
{
    private const LuceneVersion Match = LuceneVersion.LUCENE_48;

    public static Analyzer Standard() => new StandardAnalyzer(Match);

    /// <summary>What Lucene 4.8 offers out of the box for Indic text, without a language-specific filter.</summary>
    public static Analyzer StandardIndic() => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Match, reader);
        TokenStream result = new LowerCaseFilter(Match, source);
        result = new IndicNormalizationFilter(result);
        return new TokenStreamComponents(source, result);
    });
}

/// <summary>
/// A field of phonetic keys beside the text, searched as an alternative for every query word: the Latin query
/// words' only route to Gujarati text, and for Gujarati words a lower-boosted one.
/// </summary>
internal sealed record PhoneticField(GujaratiPhoneticAnalyzer Analyzer, float LatinBoost = 1f, float GujaratiBoost = 0.1f,
    IndexOptions KeyIndexOptions = IndexOptions.DOCS_AND_FREQS);

internal sealed class LuceneSystem : IRetrievalSystem
{
    private const string TextField = "text";
    private const string KeyField = "phonetic";
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly QueryParser _parser;

    public LuceneSystem(string name, Analyzer analyzer, IEnumerable<CorpusDocument> documents, PhoneticField? phonetic = null)
    {
        Name = name;
        if (phonetic is not null)
        {
            analyzer = new PerFieldAnalyzerWrapper(analyzer, new Dictionary<string, Analyzer> { [KeyField] = phonetic.Analyzer });
        }
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        {
            foreach (var document in documents)
            {
                var fields = new Document
                {
                    new StringField("id", document.Id, Field.Store.YES),
                    new TextField(TextField, document.Text, Field.Store.NO),
                };
                if (phonetic is not null)
                {
                    fields.Add(new Field(KeyField, document.Text, new FieldType(Lucene.Net.Documents.TextField.TYPE_NOT_STORED) { IndexOptions = phonetic.KeyIndexOptions }));
                }
                writer.AddDocument(fields);
            }
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
        _parser = phonetic is null
            ? new QueryParser(LuceneVersion.LUCENE_48, TextField, analyzer) { DefaultOperator = Operator.OR }
            : new PhoneticQueryParser(TextField, KeyField, analyzer, phonetic) { DefaultOperator = Operator.OR };
    }

    public string Name { get; }

    public IReadOnlyList<string> Search(string query, int top) =>
        _searcher.Search(_parser.Parse(EscapeAllButQuotes(query)), top).ScoreDocs
            .Select(hit => _searcher.Doc(hit.Doc).Get("id"))
            .ToList();

    // A reader's ':' is text (often a visarga), not a field name; quotes are kept so phrases stay phrases.
    private static string EscapeAllButQuotes(string query)
    {
        var escaped = new System.Text.StringBuilder(query.Length + 8);
        foreach (char c in query)
        {
            if ("\\+-!():^[]{}~*?|&/".Contains(c))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}

/// <summary>Each word (or phrase) as the text field's query OR the same words in the key field, boosted by script.</summary>
internal sealed class PhoneticQueryParser(string textField, string keyField, Analyzer analyzer, PhoneticField phonetic)
    : QueryParser(LuceneVersion.LUCENE_48, textField, analyzer)
{
    protected override Query GetFieldQuery(string field, string queryText, bool quoted)
    {
        var text = base.GetFieldQuery(field, queryText, quoted);
        var occur = quoted || DefaultOperator == Operator.AND ? Occur.MUST : Occur.SHOULD;
        bool latin = GujaratiPhoneticKey.IsLatin(queryText);
        if (field != Field || phonetic.Analyzer.Query(keyField, queryText, occur, closeOnly: !latin) is not { } keys)
        {
            return text;
        }
        keys.Boost = latin ? phonetic.LatinBoost : phonetic.GujaratiBoost;
        var either = new BooleanQuery(disableCoord: true);
        if (text is not null)
        {
            either.Add(text, Occur.SHOULD);
        }
        either.Add(keys, Occur.SHOULD);
        return either;
    }
}

/// <summary>
/// SQLite FTS5 with the trigram tokenizer: every query word (or quoted phrase) is a substring to find,
/// OR-ed and ranked by bm25. This is the "plain substring index" the analyzer has to beat.
/// </summary>
internal sealed class Fts5TrigramSystem : IRetrievalSystem
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public Fts5TrigramSystem(IEnumerable<CorpusDocument> documents)
    {
        _connection.Open();
        Execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, tokenize = 'trigram')");
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO docs (id, text) VALUES ($id, $text)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        foreach (var document in documents)
        {
            id.Value = document.Id;
            text.Value = document.Text;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public string Name => "FTS5 trigram";

    public IReadOnlyList<string> Search(string query, int top)
    {
        // Trigram FTS5 cannot match a substring shorter than three characters, so such words are dropped.
        var terms = SplitWordsAndPhrases(query)
            .Where(t => t.EnumerateRunes().Count() >= 3)
            .Select(t => "\"" + t.Replace("\"", "\"\"") + "\"")
            .ToList();
        if (terms.Count == 0)
        {
            return [];
        }
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id FROM docs WHERE docs MATCH $q ORDER BY bm25(docs) LIMIT $top";
        command.Parameters.AddWithValue("$q", string.Join(" OR ", terms));
        command.Parameters.AddWithValue("$top", top);
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static IEnumerable<string> SplitWordsAndPhrases(string query)
    {
        var parts = query.Split('"');
        for (int i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                yield return parts[i].Trim();
                continue;
            }
            foreach (string word in parts[i].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return word;
            }
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
