using Indexer.Storage;

namespace Indexer.Tests.Storage;

public sealed class StoreChangeSignalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Nudges_before_a_wait_are_kept_as_one_wake_up()
    {
        var nudge = new Nudge();
        // Redundant nudges are the common case (the delivery worker nudges after every delivery): none may cost an
        // exception, thrown and caught. Counted on this thread only, as other tests run beside this one.
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread) Interlocked.Increment(ref thrown);
        }
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 1000; i++) nudge.Notify();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
        Assert.Equal(0, thrown);

        // The first wait returns at once; the second has nothing left and waits out its (short) timeout.
        var first = nudge.WaitAsync(Deadline, CancellationToken.None);
        Assert.True(first.IsCompleted, "a kept nudge wakes the next wait at once");
        await first;
        var second = nudge.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.False(second.IsCompleted, "a thousand nudges before one wait are one wake-up, not a thousand");
        await second;
    }

    [Fact]
    public async Task A_nudge_wakes_a_follower_already_waiting_and_every_follower_gets_its_own()
    {
        var signal = new StoreChangeSignal();
        var matcher = signal.Follow();
        var pages = signal.Follow();
        var waiting = matcher.WaitAsync(Deadline, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        signal.Notify();
        signal.Notify();

        await waiting.WaitAsync(Deadline);
        Assert.True(pages.WaitAsync(Deadline, CancellationToken.None).IsCompleted, "the other follower kept its wake-up");
        Assert.True(signal.WaitAsync(Deadline, CancellationToken.None).IsCompleted, "and so did the index");
    }
}
