using System.Collections.Concurrent;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Rules;

/// <summary>
/// Customers changed on this instance since rules last looked at them, per tenant. Filled right
/// after each commit (through <see cref="SegmentEngine.Committed"/>); drained by the background
/// evaluator, which waits on <see cref="WaitAsync"/>. Changes committed by other instances are
/// theirs to evaluate; the scheduled full runs catch anything an instance crashed before doing.
/// </summary>
public sealed class RuleTriggers : IDisposable
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<long, byte>> _dirty = new();
    private readonly SemaphoreSlim _signal = new(0, 1);

    public RuleTriggers(SegmentEngine engine) => engine.Committed += CustomersChanged;

    public void CustomersChanged(long tenantId, IReadOnlyCollection<long> customerIds)
    {
        if (customerIds.Count == 0)
        {
            return;
        }

        var set = _dirty.GetOrAdd(tenantId, _ => new ConcurrentDictionary<long, byte>());
        foreach (var id in customerIds)
        {
            set[id] = 0;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the evaluator will see these customers on its next drain.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>Takes every pending customer, grouped by tenant.</summary>
    public IReadOnlyList<(long TenantId, IReadOnlyCollection<long> CustomerIds)> Drain()
    {
        var result = new List<(long, IReadOnlyCollection<long>)>();
        foreach (var tenantId in _dirty.Keys)
        {
            if (_dirty.TryRemove(tenantId, out var set) && !set.IsEmpty)
            {
                result.Add((tenantId, set.Keys.ToList()));
            }
        }

        return result;
    }

    public void Dispose() => _signal.Dispose();
}
