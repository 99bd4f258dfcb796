namespace TagApi.Core.Common;

/// <summary>
/// Wakes one background worker: however many wakes come before it next waits, it wakes once. Waking an already woken
/// worker costs a read, not an exception: the wakes follow every commit.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Woken by a concurrent caller between the read and the release.
        }
    }

    /// <summary>Waits until woken or the timeout passes; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
