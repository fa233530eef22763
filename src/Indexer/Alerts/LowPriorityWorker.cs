using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Indexer.Alerts;

/// <summary>
/// A thread of its own that runs work at a lower scheduling priority than the service's other threads. The alert
/// matcher's analysis of each article is as much CPU again as indexing it; on busy cores the scheduler now gives it
/// what the fetch, store and index leave, so an ingest burst is not slowed by it and the alerts catch up as the
/// burst ends (the matcher follows the store's change log, so nothing is lost by its lagging). On idle cores it runs
/// as fast as before. Only CPU work belongs here: nothing that holds a lock or a connection others wait for, or
/// they would wait for a starved thread.
/// </summary>
public sealed class LowPriorityWorker : IDisposable
{
    /// <summary>
    /// The Linux nice value of the thread (0 is everyone else's, 19 the lowest): at 10 it gets about a tenth of the
    /// share of an ordinary busy thread, so alerts still move under a long full-load ingest, slowly.
    /// </summary>
    public const int Niceness = 10;

    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public LowPriorityWorker(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the thread; the caller's continuation does not run there.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { done.SetResult(work()); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task;
    }

    public void Dispose() => _work.CompleteAdding();

    private void Run()
    {
        LowerPriority();
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    /// <summary>
    /// .NET's thread priority does nothing for ordinary threads on Linux; a thread's own nice value does (Linux keeps
    /// one per thread, and anyone may lower their own priority). Elsewhere the thread priority set above is it.
    /// </summary>
    private static void LowerPriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            SetPriority(ProcessPriority, GetThreadId(), Niceness);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (or too old for gettid): the thread runs at the ordinary priority, as before.
        }
    }

    private const int ProcessPriority = 0; // PRIO_PROCESS, which on Linux names a thread by its id

    [DllImport("libc.so.6", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc.so.6", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
