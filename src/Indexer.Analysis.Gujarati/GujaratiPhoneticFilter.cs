using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Indexer.Analysis.Gujarati;

/// <summary>
/// Replaces each token with its phonetic key (see <see cref="GujaratiPhoneticAnalyzer"/>): the consonant
/// skeleton, or for a word whose skeleton is short the key with vowels, or both stacked on one position; a
/// short word's rank key (<see cref="RankMark"/> and every vowel) is stacked after them. A token with no key
/// (nothing but marks) is dropped, leaving its position. Offsets still point at the word.
/// </summary>
public sealed class GujaratiPhoneticFilter : TokenFilter
{
    private readonly GujaratiPhoneticKey _skeleton;
    private readonly GujaratiPhoneticKey? _vowels;
    private readonly GujaratiPhoneticKey? _rank;
    private readonly int _rankKeyUpTo;
    private readonly bool _sharedSounds;
    private readonly bool _rankSharesReading;
    private readonly int _vowelKeyUpTo;
    private readonly bool _both;
    private readonly bool _skipLatin;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _position;
    private char[] _sounds = new char[GujaratiPhoneticKey.BufferLength(32)];
    private char[] _first = new char[GujaratiPhoneticKey.BufferLength(32)];
    private char[] _second = new char[GujaratiPhoneticKey.BufferLength(32)];
    private char[] _third = new char[GujaratiPhoneticKey.BufferLength(32) + 1];
    private int _firstLength;
    private int _secondLength;
    private int _thirdLength;

    /// <summary>
    /// Starts a rank key, so that no match key (all letters and digits) can be one: what a query word adds to
    /// rank by, never to match by.
    /// </summary>
    public const char RankMark = '.';

    /// <summary>Wraps <paramref name="input"/>.</summary>
    /// <param name="input">Normalised tokens (see <see cref="GujaratiNormalizationFilter"/>), not stemmed: the keys stem the sounds themselves.</param>
    /// <param name="skeleton">The key every word gets unless its vowel key replaces it.</param>
    /// <param name="vowels">The key with vowels, or null for skeletons only.</param>
    /// <param name="vowelKeyUpTo">Words whose skeleton has at most this many consonants get the vowel key.</param>
    /// <param name="both">Keep the skeleton of those words too, stacked on the same position.</param>
    /// <param name="skipLatin">
    /// Give words of Latin letters and digits no key. For indexing text whose words field matches those exactly
    /// (eBay, 2018), not for queries: there Latin words are what the keys are for.
    /// </param>
    /// <param name="rank">The rank key of the words that get the vowel key, or null for none.</param>
    /// <param name="rankKeyUpTo">Only words whose match key has at most this many letters get a rank key.</param>
    public GujaratiPhoneticFilter(TokenStream input, GujaratiPhoneticKey skeleton, GujaratiPhoneticKey? vowels = null,
        int vowelKeyUpTo = int.MaxValue, bool both = true, bool skipLatin = false, GujaratiPhoneticKey? rank = null,
        int rankKeyUpTo = int.MaxValue)
        : base(input)
    {
        _skipLatin = skipLatin;
        _skeleton = skeleton ?? throw new ArgumentNullException(nameof(skeleton));
        _vowels = vowels;
        _rank = rank;
        _rankKeyUpTo = rankKeyUpTo;
        _sharedSounds = vowels is not null && vowels.ReadsAlike(skeleton);
        _rankSharesReading = rank is not null && rank.ReadsUnstemmedAlike(skeleton) && (vowels is null || _sharedSounds);
        _vowelKeyUpTo = vowelKeyUpTo;
        _both = both;
        _term = AddAttribute<ICharTermAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <inheritdoc />
    public override bool IncrementToken()
    {
        if (_secondLength > 0)
        {
            _term.CopyBuffer(_second, 0, _secondLength);
            _position.PositionIncrement = 0;
            _secondLength = 0;
            return true;
        }
        if (_thirdLength > 0)
        {
            _term.CopyBuffer(_third, 0, _thirdLength);
            _position.PositionIncrement = 0;
            _thirdLength = 0;
            return true;
        }
        int skipped = 0;
        while (m_input.IncrementToken())
        {
            WriteKeys();
            if (_firstLength > 0)
            {
                _term.CopyBuffer(_first, 0, _firstLength);
                _position.PositionIncrement += skipped;
                return true;
            }
            skipped += _position.PositionIncrement;
        }
        return false;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        _secondLength = 0;
        _thirdLength = 0;
    }

    // The keys are read from the term buffer, which is not written until both are done. A key of one letter
    // (ન, જ, તો: particles) would find everything, so the word gets none.
    private void WriteKeys()
    {
        var word = _term.Buffer.AsSpan(0, _term.Length);
        _secondLength = 0;
        _thirdLength = 0;
        if (_skipLatin && !word.ContainsAnyExceptInRange('\u0000', '\u007F'))
        {
            _firstLength = 0;
            return;
        }
        int room = GujaratiPhoneticKey.BufferLength(word.Length);
        if (_sounds.Length < room)
        {
            _sounds = new char[room];
            _first = new char[room];
            _second = new char[room];
            _third = new char[room + 1];
        }
        int unstemmed = _skeleton.ReadUnstemmed(word, _sounds, out int consonants);
        int sounds = _skeleton.Stem(_sounds, unstemmed, consonants);
        _firstLength = _skeleton.WriteFromSounds(_sounds.AsSpan(0, sounds), _first);
        if (_firstLength < 2 || _vowels is null || Consonants(_first.AsSpan(0, _firstLength)) > _vowelKeyUpTo)
        {
            _firstLength = _firstLength < 2 ? 0 : _firstLength;
            return;
        }
        if (!_sharedSounds)
        {
            sounds = _vowels.ReadSounds(word, _sounds);
        }
        int vowelLength = _vowels.WriteFromSounds(_sounds.AsSpan(0, sounds), _second);
        if (vowelLength >= 2 && !_second.AsSpan(0, vowelLength).SequenceEqual(_first.AsSpan(0, _firstLength)))
        {
            if (_both)
            {
                _secondLength = vowelLength;
            }
            else
            {
                (_first, _second) = (_second, _first);
                _firstLength = vowelLength;
            }
        }
        WriteRankKey(word, unstemmed, consonants);
    }

    // A short word's key stands for several words (rs: રશિયા, રસ, રસી); the rank key, with every vowel, tells
    // them apart. Not written when it says no more than the key the word matches by. It stems the reading the
    // skeleton made, still in the buffer, when it reads alike: reading is the costliest step of a key.
    private void WriteRankKey(ReadOnlySpan<char> word, int unstemmed, int consonants)
    {
        var matchKey = _secondLength > 0 ? _second.AsSpan(0, _secondLength) : _first.AsSpan(0, _firstLength);
        if (_rank is null || matchKey.Length > _rankKeyUpTo)
        {
            return;
        }
        int sounds = _rankSharesReading ? _rank.Stem(_sounds, unstemmed, consonants) : _rank.ReadSounds(word, _sounds);
        int length = _rank.WriteFromSounds(_sounds.AsSpan(0, sounds), _third.AsSpan(1));
        if (length < 2 || _third.AsSpan(1, length).SequenceEqual(matchKey))
        {
            return;
        }
        _third[0] = RankMark;
        _thirdLength = length + 1;
    }

    private static int Consonants(ReadOnlySpan<char> key)
    {
        int count = 0;
        foreach (char letter in key)
        {
            if (letter is not ('a' or 'e' or 'i' or 'o' or 'u'))
            {
                count++;
            }
        }
        return count;
    }
}
