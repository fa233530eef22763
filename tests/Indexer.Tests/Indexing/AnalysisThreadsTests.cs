using Indexer.Indexing;

namespace Indexer.Tests.Indexing;

public sealed class AnalysisThreadsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_slow_item_holds_up_only_the_end_of_its_own_batch_while_the_next_batch_is_done()
    {
        using var threads = new AnalysisThreads(2);
        using var gate = new ManualResetEventSlim();
        var held = 0;
        // One document of the first batch takes long (its thread writes out a segment); the other thread must not wait.
        var first = threads.Start([0, 1, 2, 3], i =>
        {
            if (i != 0) return;
            Interlocked.Increment(ref held);
            gate.Wait(Deadline);
        });
        var done = 0;
        var second = threads.Start(Enumerable.Range(0, 100).ToList(), _ => Interlocked.Increment(ref done));

        // Times out (and fails) if the second batch waits for the first batch's slow item.
        await second.Done.WaitAsync(Deadline);
        Assert.Equal(100, done);
        Assert.Equal(1, held);
        var firstDone = first.Done;
        Assert.NotSame(firstDone, await Task.WhenAny(firstDone, Task.Delay(50)));
        gate.Set();
        await firstDone.WaitAsync(Deadline);
        Assert.Null(first.Error);
    }

    [Fact]
    public async Task A_failed_item_is_reported_by_its_batch_and_the_threads_go_on_with_the_next()
    {
        using var threads = new AnalysisThreads(2);
        var failing = threads.Start([0, 1, 2], i => { if (i == 1) throw new InvalidDataException("bad document"); });
        var done = 0;
        var next = threads.Start([0, 1, 2], _ => Interlocked.Increment(ref done));

        await failing.Done.WaitAsync(Deadline);
        Assert.IsType<InvalidDataException>(failing.Error);
        await next.Done.WaitAsync(Deadline);
        Assert.Null(next.Error);
        Assert.Equal(3, done);
    }
}
