using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// The tokens one analysis saw, kept so a second field can be built from them without tokenizing the text
/// again (see <see cref="GujaratiPhoneticAnalyzer.Tee"/>).
/// </summary>
internal sealed class WordRecording
{
    private char[] _chars = new char[1024];
    private int[] _entries = new int[64 * Fields];
    private int _charCount;

    // Per token: where its term starts in _chars, its length, start and end offsets, position increment, keyword flag.
    private const int Fields = 6;

    public int Count { get; private set; }

    public int FinalOffset { get; set; }

    public bool Complete { get; set; }

    public void Add(ICharTermAttribute term, IOffsetAttribute offset, int positionIncrement, bool keyword)
    {
        if (_charCount + term.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + term.Length));
        }
        if ((Count + 1) * Fields > _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        Array.Copy(term.Buffer, 0, _chars, _charCount, term.Length);
        int e = Count * Fields;
        _entries[e] = _charCount;
        _entries[e + 1] = term.Length;
        _entries[e + 2] = offset.StartOffset;
        _entries[e + 3] = offset.EndOffset;
        _entries[e + 4] = positionIncrement;
        _entries[e + 5] = keyword ? 1 : 0;
        _charCount += term.Length;
        Count++;
    }

    public void Clear()
    {
        Count = 0;
        _charCount = 0;
        FinalOffset = 0;
        Complete = false;
    }

    /// <summary>Whether the term of token <paramref name="index"/> is in <paramref name="set"/>.</summary>
    public bool TermIn(int index, CharArraySet set)
    {
        int e = index * Fields;
        return set.Contains(_chars, _entries[e], _entries[e + 1]);
    }

    public int PositionIncrement(int index) => _entries[index * Fields + 4];

    public void CopyTo(int index, ICharTermAttribute term, IOffsetAttribute offset, IPositionIncrementAttribute position, IKeywordAttribute keyword)
    {
        int e = index * Fields;
        term.CopyBuffer(_chars, _entries[e], _entries[e + 1]);
        offset.SetOffset(_entries[e + 2], _entries[e + 3]);
        position.PositionIncrement = _entries[e + 4];
        keyword.IsKeyword = _entries[e + 5] == 1;
    }
}

/// <summary>Passes tokens through unchanged, recording each one.</summary>
internal sealed class WordRecorder : TokenFilter
{
    private readonly WordRecording _recording;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly IKeywordAttribute _keyword;

    public WordRecorder(TokenStream input, WordRecording recording) : base(input)
    {
        _recording = recording;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        _recording.Add(_term, _offset, _position.PositionIncrement, _keyword.IsKeyword);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _recording.Clear();
    }

    public override void End()
    {
        base.End();
        _recording.FinalOffset = _offset.EndOffset;
        _recording.Complete = true;
    }
}

/// <summary>
/// Replays <see cref="WordRecording"/>s one after another as a token stream, leaving out the words of a stop set.
/// Offsets run on across the texts, as in one field of several values: a text's words are offset by the lengths of
/// the texts before it, each followed by <see cref="GujaratiPhoneticAnalyzer.TextGap"/>.
/// </summary>
internal sealed class RecordedWords : Tokenizer
{
    private const int TextGap = GujaratiPhoneticAnalyzer.TextGap;

    private readonly IReadOnlyList<WordRecording> _recordings;
    private readonly CharArraySet? _stopwords;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private readonly IKeywordAttribute _keyword;
    private int _count;
    private int _recording;
    private int _next;
    private int _offsetBase;

    // The recordings are the tee's, in order; it adds one per text it is asked to analyse at once.
    public RecordedWords(IReadOnlyList<WordRecording> recordings, CharArraySet? stopwords) : base(TextReader.Null)
    {
        _recordings = recordings;
        _stopwords = stopwords;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    /// <summary>Handed out by a tee and not yet released by disposing it.</summary>
    public bool InUse { get; private set; }

    /// <summary>Replays the first <paramref name="count"/> recordings next.</summary>
    public void Use(int count)
    {
        _count = count;
        InUse = true;
    }

    // Every attribute the chain after it reads is set, so there is nothing to clear.
    public override bool IncrementToken()
    {
        int skipped = 0;
        for (; _recording < _count; _offsetBase += _recordings[_recording].FinalOffset + TextGap, _recording++, _next = 0)
        {
            var recording = _recordings[_recording];
            while (_next < recording.Count)
            {
                int index = _next++;
                if (_stopwords is not null && recording.TermIn(index, _stopwords))
                {
                    skipped += recording.PositionIncrement(index);
                    continue;
                }
                recording.CopyTo(index, _term, _offset, _position, _keyword);
                _offset.SetOffset(_offsetBase + _offset.StartOffset, _offsetBase + _offset.EndOffset);
                _position.PositionIncrement += skipped;
                return true;
            }
        }
        return false;
    }

    public override void Reset()
    {
        base.Reset();
        // Replaying an analysis that has not run would silently index nothing.
        for (int i = 0; i < _count; i++)
        {
            if (!_recordings[i].Complete)
            {
                throw new InvalidOperationException("The words streams of a tee must be consumed before its keys stream.");
            }
        }
        _recording = 0;
        _next = 0;
        _offsetBase = 0;
    }

    public override void End()
    {
        base.End();
        int final = _count > 0 ? _offsetBase - TextGap : 0;
        _offset.SetOffset(final, final);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            InUse = false;
        }
    }
}
