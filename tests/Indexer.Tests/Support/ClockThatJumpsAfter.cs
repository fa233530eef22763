using Lucene.Net.Util;

namespace Indexer.Tests.Support;

/// <summary>
/// A search's clock (<see cref="Indexer.Search.ArticleSearcher"/>'s time limit) that stands still for the given
/// number of readings, then jumps far past any limit; <c>int.MaxValue</c> readings is a clock that never moves.
/// </summary>
public sealed class ClockThatJumpsAfter(int readings) : Counter
{
    private int _read;

    public override long Value => ++_read > readings ? long.MaxValue / 2 : 0;

    public override long AddAndGet(long delta) => throw new NotSupportedException();
}
