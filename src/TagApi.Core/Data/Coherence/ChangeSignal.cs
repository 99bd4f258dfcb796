namespace TagApi.Core.Data.Coherence;

/// <summary>
/// Wakes this instance's follower when another instance announces a commit. A waiter takes <see cref="Next"/> before
/// it reads and waits on it after: a raise during the read completes that task, so the waiter reads again at once
/// rather than sleeping through a change its read may have missed.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Raise"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes everyone waiting on the current <see cref="Next"/>.</summary>
    public void Raise() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
