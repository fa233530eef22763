using System.Collections.Immutable;

namespace Indexer.Storage;

/// <summary>
/// A nudge that the store has new changes, so followers of the change sequence need not wait for their next poll.
/// It carries no data: followers always read the changes from the store itself. Every follower is nudged: the
/// index through <see cref="WaitAsync"/>, others (the alert matcher) through a <see cref="Follow"/> of their own.
/// </summary>
public sealed class StoreChangeSignal
{
    private readonly Nudge _index = new();
    private ImmutableArray<Nudge> _others = [];

    public void Notify()
    {
        _index.Notify();
        foreach (var other in _others) other.Notify();
    }

    /// <summary>Returns when notified or when <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _index.WaitAsync(timeout, cancellationToken);

    /// <summary>A nudge of its own for another follower, so that followers do not take each other's wake-ups.</summary>
    public Nudge Follow()
    {
        var nudge = new Nudge();
        ImmutableInterlocked.Update(ref _others, o => o.Add(nudge));
        return nudge;
    }
}

/// <summary>A wake-up that is kept until someone waits for it; several before the wait are one.</summary>
public sealed class Nudge
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // Already signalled: one wake-up is enough. Checked first because the delivery worker nudges after every
        // delivery, and an exception per redundant nudge cost more than the nudge; the catch is for the rare race.
        if (_signal.CurrentCount > 0) return;
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <summary>Returns when notified or when <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
