using System.Globalization;
using System.Text;

namespace Indexer.Indexing;

/// <summary>A range of store sequence numbers: those above <see cref="After"/> up to and including <see cref="UpTo"/>.</summary>
public readonly record struct SequenceRange(long After, long UpTo)
{
    public long Length => UpTo - After;
}

/// <summary>
/// Which store changes the index holds, as disjoint ranges of sequence numbers. The index applies the newest
/// changes first when it is far behind, so what it holds can have holes; this set is how it knows where they are,
/// survives a restart (in the commit data) and tells how many changes searches cannot see yet. Immutable: a searcher
/// keeps the set it was opened with while the writer moves on.
/// </summary>
public sealed class SequenceSet
{
    private readonly SequenceRange[] _ranges;

    private SequenceSet(SequenceRange[] ranges) => _ranges = ranges;

    public static SequenceSet Empty { get; } = new([]);

    /// <summary>Every change from the first up to <paramref name="sequence"/>.</summary>
    public static SequenceSet UpTo(long sequence) => sequence <= 0 ? Empty : new([new SequenceRange(0, sequence)]);

    public IReadOnlyList<SequenceRange> Ranges => _ranges;

    public bool IsEmpty => _ranges.Length == 0;

    /// <summary>The highest sequence held (0 when empty).</summary>
    public long Highest => _ranges.Length == 0 ? 0 : _ranges[^1].UpTo;

    /// <summary>The highest sequence up to which nothing is missing: everything at or below it is held.</summary>
    public long Contiguous => _ranges.Length > 0 && _ranges[0].After == 0 ? _ranges[0].UpTo : 0;

    /// <summary>How many sequence numbers from 1 to <paramref name="last"/> are held.</summary>
    public long CountUpTo(long last)
    {
        long count = 0;
        foreach (var range in _ranges)
        {
            if (range.After >= last) break;
            count += Math.Min(range.UpTo, last) - range.After;
        }
        return count;
    }

    public bool Contains(long sequence) =>
        Array.Exists(_ranges, r => sequence > r.After && sequence <= r.UpTo);

    /// <summary>Whether every sequence from 1 to <paramref name="sequence"/> is held.</summary>
    public bool Covers(long sequence) => sequence <= Contiguous;

    public SequenceSet Add(SequenceRange added)
    {
        if (added.Length <= 0) return this;
        var result = new List<SequenceRange>(_ranges.Length + 1);
        var merged = added;
        foreach (var range in _ranges)
        {
            // Touching ranges merge: (0,5] and (5,9] are (0,9].
            if (range.UpTo < merged.After || range.After > merged.UpTo)
                result.Add(range);
            else
                merged = new SequenceRange(Math.Min(range.After, merged.After), Math.Max(range.UpTo, merged.UpTo));
        }
        result.Add(merged);
        result.Sort((a, b) => a.After.CompareTo(b.After));
        return new SequenceSet([.. result]);
    }

    /// <summary>The newest missing stretch at or below <paramref name="last"/>, or null when nothing up to it is missing.</summary>
    public SequenceRange? HighestGap(long last)
    {
        var top = last;
        for (var i = _ranges.Length - 1; i >= 0 && top > 0; i--)
        {
            var range = _ranges[i];
            if (range.After >= top) continue;
            if (range.UpTo < top) return new SequenceRange(range.UpTo, top);
            top = range.After;
        }
        return top > 0 ? new SequenceRange(0, top) : null;
    }

    /// <summary>
    /// At most <paramref name="maxRanges"/> ranges, keeping the first (from the start of the sequence) and the largest
    /// others. What is dropped is merely applied again after a restart: applying a change twice is harmless.
    /// </summary>
    public SequenceSet Limit(int maxRanges)
    {
        if (_ranges.Length <= maxRanges) return this;
        var kept = _ranges.Skip(1).OrderByDescending(r => r.Length).Take(maxRanges - 1).Prepend(_ranges[0])
            .OrderBy(r => r.After).ToArray();
        return new SequenceSet(kept);
    }

    /// <summary>"0-120,300-450": each range as after-upTo, the form kept in the index's commit data.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var range in _ranges)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(range.After.ToString(CultureInfo.InvariantCulture)).Append('-').Append(range.UpTo.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    public static bool TryParse(string? text, out SequenceSet set)
    {
        set = Empty;
        if (text is null) return false;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-');
            if (dash <= 0
                || !long.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var after)
                || !long.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var upTo)
                || upTo <= after)
                return false;
            set = set.Add(new SequenceRange(after, upTo));
        }
        return true;
    }
}
