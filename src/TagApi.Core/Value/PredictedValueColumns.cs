using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Value;

/// <summary>
/// The predicted value fields (<c>pAlive</c>, <c>expectedPurchases90d</c>, <c>predictedClv365d</c>) as range columns,
/// so a segment on them is answered like one on <c>totalSpent</c>: one vectorised pass over fixed-point keys, cached
/// per range. A prediction depends only on the customer's purchases, the tenant's model and the day, so the columns
/// belong to one model and one UTC day; a newer (or older) snapshot is caught up by recomputing only the customers
/// whose row changed between the two — found by comparing the snapshots' row chunks by reference, since a write
/// copies a chunk before changing it. A new model or a new day starts the columns afresh.
/// </summary>
internal sealed class PredictedValueColumns
{
    private readonly Lock _gate = new();
    private State? _state;

    /// <summary>True for the fields kept as columns; the others (recency, window sums, RFM scores) move with the clock.</summary>
    public static bool Holds(QueryField field) => field.Name is "pAlive" or "expectedPurchases90d" or "predictedClv365d";

    /// <summary>Memory of the columns currently kept.</summary>
    public long MemoryBytes
    {
        get
        {
            lock (_gate)
            {
                return _state?.Fields.Values.Sum(f => f.MemoryBytes) ?? 0;
            }
        }
    }

    /// <summary>The field's column as of <paramref name="snapshot"/>, for <paramref name="model"/> on the day of <paramref name="now"/>.</summary>
    public FieldColumnView Column(IndexSnapshot snapshot, TenantValueModel model, DateTime now, QueryField field)
    {
        var day = PurchaseSummary.DayOf(now.Ticks);
        lock (_gate)
        {
            if (_state is not { } state || !ReferenceEquals(state.Model, model) || state.Day != day)
            {
                state = _state = new State(model, day, snapshot.Rows);
            }
            else if (!ReferenceEquals(state.Rows, snapshot.Rows))
            {
                CatchUp(state, snapshot.Rows, now);
            }

            if (!state.Fields.TryGetValue(field.Name, out var column))
            {
                column = state.Fields[field.Name] = new PredictedColumn(field.Name);
                column.Fill(state.Rows, model, now);
            }

            return column.View();
        }
    }

    private static void CatchUp(State state, ChunkedView<CustomerRow?> rows, DateTime now)
    {
        var changed = new List<int>();
        for (var chunk = 0; chunk < rows.ChunkCount; chunk++)
        {
            if (state.Rows.SharesChunk(rows, chunk))
            {
                continue;
            }

            var first = chunk << ChunkedArray<CustomerRow?>.ChunkBits;
            var end = Math.Min(rows.Count, first + (1 << ChunkedArray<CustomerRow?>.ChunkBits));
            for (var ordinal = first; ordinal < end; ordinal++)
            {
                if (ordinal >= state.Rows.Count || !ReferenceEquals(state.Rows[ordinal], rows[ordinal]))
                {
                    changed.Add(ordinal);
                }
            }
        }

        // A reader still on an older snapshot has fewer ordinals: the newer customers are missing in its answer.
        for (var ordinal = rows.Count; ordinal < state.Rows.Count; ordinal++)
        {
            changed.Add(ordinal);
        }

        foreach (var column in state.Fields.Values)
        {
            column.Update(changed, rows, state.Model, now);
        }

        state.Rows = rows;
    }

    private sealed class State(TenantValueModel model, int day, ChunkedView<CustomerRow?> rows)
    {
        public TenantValueModel Model { get; } = model;

        public int Day { get; } = day;

        public ChunkedView<CustomerRow?> Rows { get; set; } = rows;

        public Dictionary<string, PredictedColumn> Fields { get; } = new(StringComparer.Ordinal);
    }
}
