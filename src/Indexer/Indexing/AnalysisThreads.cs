using System.Collections.Concurrent;

namespace Indexer.Indexing;

/// <summary>
/// Threads of their own that analyse documents. Not the thread pool: a rebuild keeps every core busy for minutes,
/// and pool threads held that long would leave HTTP requests (searches, health probes) waiting for the pool to grow.
/// </summary>
public sealed class AnalysisThreads : IDisposable
{
    private readonly BlockingCollection<Batch> _work = new();
    private readonly Thread[] _workers;

    public AnalysisThreads(int threads)
    {
        _workers = new Thread[Math.Max(1, threads)];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"index-analysis-{i + 1}" };
            _workers[i].Start();
        }
    }

    /// <summary>
    /// Starts <paramref name="body"/> for every item on the workers and returns at once; <see cref="Batch.Wait"/>
    /// waits for all of them. A worker that finds nothing left to take in a batch moves on to the next one started,
    /// so one slow item (the document whose thread writes out a full segment, a second or more) holds up only the
    /// end of its own batch: until session 7 every batch waited for its slowest item with the other core idle, and
    /// while catching up at a million articles one of the two analysis threads was idle in ~40 % of the samples.
    /// </summary>
    public Batch Start<T>(IReadOnlyList<T> items, Action<T> body)
    {
        var batch = new Batch(items.Count, i => body(items[i]), _workers.Length);
        for (var i = 0; i < _workers.Length; i++) _work.Add(batch);
        return batch;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var worker in _workers) worker.Join();
        _work.Dispose();
    }

    private void Work()
    {
        foreach (var batch in _work.GetConsumingEnumerable())
        {
            batch.Work();
            batch.WorkerDone();
        }
    }

    /// <summary>Items handed out one at a time by a shared counter, so a slow document holds up no other thread.</summary>
    public sealed class Batch
    {
        private readonly int _count;
        private readonly Action<int> _body;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _workers;
        private int _next = -1;

        internal Batch(int count, Action<int> body, int workers)
        {
            _count = count;
            _body = body;
            _workers = workers;
        }

        public Exception? Error { get; private set; }

        /// <summary>Completes when every item is done, or failed (see <see cref="Error"/>); never faults.</summary>
        public Task Done => _done.Task;

        /// <summary>Waits until every item is done, or failed.</summary>
        public void Wait() => _done.Task.Wait();

        internal void Work()
        {
            int i;
            while (Error is null && (i = Interlocked.Increment(ref _next)) < _count)
            {
                try
                {
                    _body(i);
                }
                catch (Exception e)
                {
                    Error ??= e;
                }
            }
        }

        internal void WorkerDone()
        {
            if (Interlocked.Decrement(ref _workers) == 0) _done.SetResult();
        }
    }
}
