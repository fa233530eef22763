using System.Collections.Concurrent;

namespace Indexer.Hosting;

/// <summary>
/// Hands out one logger per category. ASP.NET's result types ask the factory for a logger on every response, and
/// Serilog's factory builds a new one at each call (an enriched logger and a dictionary of event ids): about a tenth
/// of the garbage a cached <c>/search</c> made.
/// </summary>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    // Made once: a method group passed to GetOrAdd would be a new delegate on every call, on every response.
    private readonly Func<string, ILogger> _create = inner.CreateLogger;

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, _create);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
