using Indexer.Feeds.Fetching;

namespace Indexer.Feeds.Tests.Fetching;

public class FetchConcurrencyGateTests
{
    private static readonly Uri SlowHost = new("https://slow.test/feed");
    private static readonly Uri OtherHost = new("https://other.test/feed");
    private static readonly TimeSpan Blocked = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Fetch_queued_behind_a_stalled_host_does_not_take_a_global_slot()
    {
        using var gate = new FetchConcurrencyGate(maxConcurrent: 2, maxPerHost: 1);
        await using var stalled = await gate.EnterAsync(SlowHost, CancellationToken.None);
        var queued = gate.EnterAsync(SlowHost, CancellationToken.None);

        var other = gate.EnterAsync(OtherHost, CancellationToken.None);

        Assert.Same(other, await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(2))));
        Assert.False(queued.IsCompleted);
        await (await other).DisposeAsync();
    }

    [Fact]
    public async Task Global_cap_holds_across_hosts_and_releases_on_dispose()
    {
        using var gate = new FetchConcurrencyGate(maxConcurrent: 1, maxPerHost: 1);
        var first = await gate.EnterAsync(SlowHost, CancellationToken.None);
        var second = gate.EnterAsync(OtherHost, CancellationToken.None);
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(Blocked)));

        await first.DisposeAsync();
        await first.DisposeAsync();

        await (await second.WaitAsync(TimeSpan.FromSeconds(2))).DisposeAsync();
        // A double dispose must not have released a slot twice: only one fetch may enter.
        var third = await gate.EnterAsync(SlowHost, CancellationToken.None);
        var fourth = gate.EnterAsync(OtherHost, CancellationToken.None);
        Assert.NotSame(fourth, await Task.WhenAny(fourth, Task.Delay(Blocked)));
        await third.DisposeAsync();
        await (await fourth.WaitAsync(TimeSpan.FromSeconds(2))).DisposeAsync();
    }

    [Fact]
    public async Task Cancelled_wait_gives_its_host_slot_back()
    {
        using var gate = new FetchConcurrencyGate(maxConcurrent: 1, maxPerHost: 2);
        var holder = await gate.EnterAsync(OtherHost, CancellationToken.None);
        using var cancel = new CancellationTokenSource(Blocked);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(SlowHost, cancel.Token));
        await holder.DisposeAsync();

        // Both host slots must be free again: two fetches to the slow host in turn.
        await (await gate.EnterAsync(SlowHost, CancellationToken.None)).DisposeAsync();
        await using var a = await gate.EnterAsync(SlowHost, CancellationToken.None);
    }
}
