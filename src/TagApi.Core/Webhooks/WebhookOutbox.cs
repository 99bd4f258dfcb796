using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data.Saving;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Where saves meet this instance's webhook dispatcher: the save pipeline's fan-out (<see cref="OutboxFanOut"/>) writes
/// deliveries born claimed by the running dispatcher, and after the commit (<see cref="CommitNotifications"/>) hands
/// them over or wakes the dispatcher for the rest. The dispatcher also polls, so a wake-up is only a hint.
/// </summary>
public sealed class WebhookOutbox : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);
    private DispatchPipeline? _pipeline;

    /// <summary>The running dispatcher pipeline, which takes deliveries at birth; null while none runs.</summary>
    internal DispatchPipeline? Pipeline => Volatile.Read(ref _pipeline);

    /// <summary>
    /// After the commit: starts the deliveries born claimed and wakes the dispatcher for the rest. Should the dispatcher
    /// have stopped meanwhile, their claims are given back so another instance takes them at once.
    /// </summary>
    internal async Task HandOffAsync(OwedDeliveries owed)
    {
        if (owed.Born.Count > 0 && !owed.Pipeline!.TryHandOff(owed.Born))
        {
            try
            {
                await owed.Pipeline.ReleaseAsync([.. owed.Born.Select(c => DeliveryKey.Of(c.Delivery))]);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // The change is committed and must be reported so; the lease lapses on its own and the deliveries are
                // claimed then.
            }
        }

        if (owed.Count > owed.Born.Count && owed.WakeForRest)
        {
            Wake();
        }
    }

    /// <summary>The running dispatcher pipeline takes deliveries at birth from now on.</summary>
    internal void Attach(DispatchPipeline pipeline) => Volatile.Write(ref _pipeline, pipeline);

    /// <summary>The pipeline stops: later writes leave their deliveries unclaimed.</summary>
    internal void Detach(DispatchPipeline pipeline) => Interlocked.CompareExchange(ref _pipeline, null, pipeline);

    /// <summary>Tells the dispatcher there is work (a hint; it also polls).</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Waits until woken or the timeout passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// What a save's fan-out owes: how many deliveries, those born claimed by <paramref name="Pipeline"/>, and whether the
/// dispatcher is to be woken for the rest (not when they wait only for queues that wake it themselves as they drain).
/// </summary>
internal sealed record OwedDeliveries(int Count, IReadOnlyList<ClaimedDelivery> Born, DispatchPipeline? Pipeline, bool WakeForRest)
{
    public static readonly OwedDeliveries None = new(0, [], null, false);
}
