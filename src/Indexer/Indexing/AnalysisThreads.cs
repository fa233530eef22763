using System.Collections.Concurrent;

namespace Indexer.Indexing;

/// <summary>
/// Threads of its own that analyse documents beside the caller. Not the thread pool: a rebuild keeps every core
/// busy for minutes, and pool threads held that long would leave HTTP requests (searches, health probes) waiting
/// for the pool to grow.
/// </summary>
public sealed class AnalysisThreads : IDisposable
{
    private readonly BlockingCollection<Batch> _work = new();
    private readonly Thread[] _helpers;

    /// <param name="threads">Threads working on a batch, the caller's included.</param>
    public AnalysisThreads(int threads)
    {
        _helpers = new Thread[Math.Max(0, threads - 1)];
        for (var i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new Thread(Help) { IsBackground = true, Name = $"index-analysis-{i + 1}" };
            _helpers[i].Start();
        }
    }

    /// <summary>Runs <paramref name="body"/> for every item, on the calling thread and the helpers; returns when all are done.</summary>
    public void ForEach<T>(IReadOnlyList<T> items, Action<T> body)
    {
        if (items.Count < 2 || _helpers.Length == 0)
        {
            foreach (var item in items) body(item);
            return;
        }
        var helpers = Math.Min(_helpers.Length, items.Count - 1);
        var batch = new Batch(items.Count, i => body(items[i]), helpers);
        for (var i = 0; i < helpers; i++) _work.Add(batch);
        batch.Work();
        batch.WaitForHelpers();
        if (batch.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var helper in _helpers) helper.Join();
        _work.Dispose();
    }

    private void Help()
    {
        foreach (var batch in _work.GetConsumingEnumerable())
        {
            batch.Work();
            batch.HelperDone();
        }
    }

    /// <summary>Items handed out one at a time by a shared counter, so a slow document holds up no other thread.</summary>
    private sealed class Batch(int count, Action<int> body, int helpers)
    {
        private readonly CountdownEvent _helpers = new(helpers);
        private int _next = -1;

        public Exception? Error { get; private set; }

        public void Work()
        {
            int i;
            while (Error is null && (i = Interlocked.Increment(ref _next)) < count)
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    Error ??= e;
                }
            }
        }

        public void HelperDone() => _helpers.Signal();

        public void WaitForHelpers()
        {
            _helpers.Wait();
            _helpers.Dispose();
        }
    }
}
