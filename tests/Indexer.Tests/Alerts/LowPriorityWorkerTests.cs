using Indexer.Alerts;

namespace Indexer.Tests.Alerts;

public sealed class LowPriorityWorkerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_runs_on_a_thread_of_its_own_that_the_scheduler_puts_behind_the_others()
    {
        using var worker = new LowPriorityWorker("test-worker");

        var (thread, nice) = await worker.RunAsync(() => (Environment.CurrentManagedThreadId, ThreadNice())).WaitAsync(Deadline);

        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        if (OperatingSystem.IsLinux())
        {
            // The scheduler's own record of the thread: a nice value of at least 10 where the caller has its own.
            Assert.True(nice >= LowPriorityWorker.Niceness, $"the worker thread's nice value is {nice}");
            Assert.True(ThreadNice() < nice, "only the worker thread is lowered, not its caller");
        }
        // Later work runs on the same thread, in order.
        Assert.Equal(thread, await worker.RunAsync(() => Environment.CurrentManagedThreadId).WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_failure_of_the_work_comes_back_to_the_caller_and_the_worker_goes_on()
    {
        using var worker = new LowPriorityWorker("test-worker");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => worker.RunAsync<int>(() => throw new InvalidOperationException("broken article")).WaitAsync(Deadline));

        Assert.Equal("broken article", failure.Message);
        Assert.Equal(42, await worker.RunAsync(() => 42).WaitAsync(Deadline));
    }

    /// <summary>The calling thread's nice value, from /proc (field 19 of its stat line); 0 elsewhere.</summary>
    private static int ThreadNice()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var stat = File.ReadAllText("/proc/thread-self/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
