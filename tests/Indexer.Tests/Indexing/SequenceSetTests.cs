using Indexer.Indexing;

namespace Indexer.Tests.Indexing;

public sealed class SequenceSetTests
{
    private static SequenceSet Of(params (long After, long UpTo)[] ranges) =>
        ranges.Aggregate(SequenceSet.Empty, (set, r) => set.Add(new SequenceRange(r.After, r.UpTo)));

    [Fact]
    public void Touching_and_overlapping_ranges_merge_in_any_order()
    {
        Assert.Equal("0-9", Of((5, 9), (0, 5)).ToString());
        Assert.Equal("0-12", Of((0, 4), (8, 12), (3, 9)).ToString());
        Assert.Equal("0-4,6-9", Of((6, 9), (0, 4)).ToString());
        Assert.Equal("0-4", Of((0, 4), (1, 3)).ToString());
    }

    [Fact]
    public void The_highest_gap_is_the_newest_stretch_still_missing()
    {
        var set = Of((0, 100), (300, 400));
        Assert.Equal(new SequenceRange(400, 450), set.HighestGap(450));
        Assert.Equal(new SequenceRange(100, 300), set.HighestGap(400));
        Assert.Equal(new SequenceRange(100, 250), set.HighestGap(250));
        Assert.Null(set.HighestGap(100));
        Assert.Equal(new SequenceRange(0, 7), SequenceSet.Empty.HighestGap(7));
        Assert.Null(SequenceSet.Empty.HighestGap(0));
        Assert.Equal(new SequenceRange(0, 10), Of((10, 20)).HighestGap(20));
    }

    [Fact]
    public void Counting_and_coverage_see_the_holes()
    {
        var set = Of((0, 100), (300, 400));
        Assert.Equal(200, set.CountUpTo(1000));
        Assert.Equal(150, set.CountUpTo(350));
        Assert.Equal(100, set.Contiguous);
        Assert.Equal(400, set.Highest);
        Assert.True(set.Covers(100));
        Assert.False(set.Covers(101));
        Assert.True(set.Contains(301));
        Assert.False(set.Contains(300));
        Assert.Equal(0, Of((5, 9)).Contiguous);
    }

    [Fact]
    public void The_commit_form_reads_back_and_bad_forms_are_refused()
    {
        var set = Of((0, 100), (300, 400), (500, 501));
        Assert.True(SequenceSet.TryParse(set.ToString(), out var read));
        Assert.Equal(set.ToString(), read.ToString());
        Assert.True(SequenceSet.TryParse("", out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(SequenceSet.TryParse("5-3", out _));
        Assert.False(SequenceSet.TryParse("x-3", out _));
        Assert.False(SequenceSet.TryParse("-1-3", out _));
    }

    [Fact]
    public void Limiting_keeps_the_start_and_the_largest_ranges_and_only_ever_forgets()
    {
        var set = Of((0, 10), (20, 21), (30, 80), (90, 92));
        var limited = set.Limit(2);
        Assert.Equal("0-10,30-80", limited.ToString());
        Assert.Same(set, set.Limit(4));
    }
}
