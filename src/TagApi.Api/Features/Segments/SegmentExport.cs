using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Streams a segment's members as NDJSON or CSV. Ids come from the index; when other columns are asked for, the
/// members are taken a window at a time and each window's customers read by one streamed statement — a dense window
/// as one key range filtered here, a sparse one by its keys — every row encoded into the response's buffer as it
/// arrives. The database works ahead while the lines are written (the rows stream through the connection), and memory
/// holds one window of ids and one buffer of lines, however many members there are.
/// </summary>
internal sealed class SegmentExport(TagApiDbContext db, Stream body, ExportLines lines, int window = SegmentExport.Window)
{
    /// <summary>Members per read: few enough statements that their round trips do not count, ids held only.</summary>
    public const int Window = 64 * 1024;

    // A window is read as one key range when at least this share of the range's keys are members: scanning a range
    // costs a fraction of a key lookup per row, so a range with up to this many rows per member is still cheaper.
    private const int RangeRowsPerMember = 4;

    // Lines gather up to this size before they go to the response: fewer, larger writes.
    private const int FlushBytes = 128 * 1024;
    private readonly List<long> _pendingIds = new(Math.Min(window, 4096));

    private bool NeedsDatabase => lines.WithExternalId || lines.WithEmail;

    /// <summary>Exports every member of <paramref name="query"/>.</summary>
    public async Task RunAsync(SegmentEvaluation evaluation, CheckedQuery query, CancellationToken ct)
    {
        await evaluation.ExportAsync(query, ids => AddAsync(ids, ct), ct);
        if (_pendingIds.Count > 0)
        {
            await ReadWindowAsync(ct);
        }

        await FlushAsync(ct);
    }

    /// <summary>Takes the next members (in id order).</summary>
    private async Task AddAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (!NeedsDatabase)
        {
            // Ids alone come straight from the index: no database read at all.
            foreach (var id in ids)
            {
                lines.Write(new CustomerExportRow(id, null, null));
            }

            await FlushIfFullAsync(ct);
            return;
        }

        _pendingIds.AddRange(ids);
        if (_pendingIds.Count >= window)
        {
            await ReadWindowAsync(ct);
        }
    }

    // Members deleted since the index answered have no row and are left out.
    private async Task ReadWindowAsync(CancellationToken ct)
    {
        long[] ids = [.. _pendingIds];
        _pendingIds.Clear();
        var range = (long)ids.Length * RangeRowsPerMember >= ids[^1] - ids[0] + 1;
        var read = new CustomerExportRead(ids[0], ids[^1], range ? null : ids, lines.WithExternalId, lines.WithEmail);
        var next = 0;
        await foreach (var row in db.ReadExportRowsAsync(read, ct).WithCancellation(ct))
        {
            // Rows and members both ascend: a range's rows that are not members are stepped over.
            while (next < ids.Length && ids[next] < row.Id)
            {
                next++;
            }

            if (next < ids.Length && ids[next] == row.Id)
            {
                lines.Write(row);
                await FlushIfFullAsync(ct);
            }
        }
    }

    private ValueTask FlushIfFullAsync(CancellationToken ct) => lines.Length >= FlushBytes ? new ValueTask(FlushAsync(ct)) : ValueTask.CompletedTask;

    private async Task FlushAsync(CancellationToken ct)
    {
        await body.WriteAsync(lines.Written, ct);
        lines.Reset();
    }
}
