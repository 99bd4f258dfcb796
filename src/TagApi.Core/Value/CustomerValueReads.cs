using TagApi.Core.Analytics;
using TagApi.Core.Common;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Value;

/// <summary>Customer value as the API shows it: one customer's value, and the tenant-wide analysis.</summary>
public sealed class CustomerValueReads(AnalyticsSnapshot index, TimeProvider clock)
{
    /// <summary>A customer's value; a customer the index does not hold yet reads as one without purchases.</summary>
    public async Task<CustomerValue> ForCustomerAsync(long customerId, CancellationToken ct)
    {
        var snapshot = await index.CurrentAsync(ct);
        var now = clock.UtcNow();
        var model = snapshot.Value.Get(snapshot, now);
        var timeline = snapshot.OrdinalOf(customerId) is { } ordinal && snapshot.Rows[ordinal] is { } row ? row.Activities : ActivityTimeline.Empty;
        return CustomerValueCalculator.Compute(timeline, model, now);
    }

    /// <summary>The RFM grid, segment counts, model fit and distributions of pAlive and CLV, from one pass over the index.</summary>
    public async Task<ValueAnalysis> AnalyseAsync(CancellationToken ct)
    {
        var snapshot = await index.CurrentAsync(ct);
        var now = clock.UtcNow();
        var model = snapshot.Value.Get(snapshot, now);
        var analysis = new ValueAnalysisBuilder(model);
        foreach (var ordinal in snapshot.Live.Enumerate())
        {
            ct.ThrowIfCancellationRequested();
            if (snapshot.Rows[ordinal] is { } row)
            {
                analysis.Add(CustomerValueCalculator.Compute(row.Activities, model, now));
            }
        }

        return analysis.Build(now);
    }
}
