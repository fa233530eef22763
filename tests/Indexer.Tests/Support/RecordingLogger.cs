using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Support;

/// <summary>A log that keeps what it is told, for tests that check what an operator would read.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new Entry(logLevel, formatter(state, exception), exception));

    public sealed record Entry(LogLevel Level, string Message, Exception? Exception);
}
