using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;

namespace TagApi.Api.Features.Segments;

/// <summary>One exported member; the columns not asked for (or not allowed) are null.</summary>
internal readonly record struct ExportRow(long Id, string? ExternalId, string? Email);

/// <summary>
/// Streams a segment's members as NDJSON or CSV. Ids come from the index; when other columns are
/// asked for, each batch of members is read from the database while the previous batch is being
/// written, so the response and the reads overlap. Lines are encoded straight to UTF-8, a batch
/// at a time.
/// </summary>
internal sealed class SegmentExport(TagApiDbContext db, Stream body, bool csv, bool withExternalId, bool withEmail)
{
    // Reads of this many members amortise the round trip; memory stays constant.
    private const int ReadBatch = 1000;

    // Lines gather up to this size before they go to the response: fewer, larger writes.
    private const int FlushBytes = 128 * 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly List<long> _pendingIds = new(ReadBatch);
    private Task<List<ExportRow>>? _reading;

    private bool NeedsDatabase => withExternalId || withEmail;

    public async Task WriteHeaderAsync(IEnumerable<string> columns, CancellationToken ct)
    {
        if (csv)
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes(string.Join(',', columns) + "\n"), ct);
        }
    }

    /// <summary>Takes the next members (in id order).</summary>
    public async Task AddAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (!NeedsDatabase)
        {
            // Ids alone come straight from the index: no database read at all.
            await WriteAsync(ids.Select(id => new ExportRow(id, null, null)), ct);
            return;
        }

        _pendingIds.AddRange(ids);
        if (_pendingIds.Count >= ReadBatch)
        {
            await StartReadAsync(ct);
        }
    }

    /// <summary>Writes whatever is still being read or waiting to be.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_pendingIds.Count > 0)
        {
            await StartReadAsync(ct);
        }

        if (_reading is not null)
        {
            await WriteAsync(await _reading, ct);
        }

        await FlushAsync(ct);
    }

    // Starts reading the pending members, then writes the previous batch while that read runs
    // (one read in flight at a time, so the context is never used concurrently).
    private async Task StartReadAsync(CancellationToken ct)
    {
        var previous = _reading is null ? null : await _reading;
        _reading = ReadAsync([.. _pendingIds], ct);
        _pendingIds.Clear();
        if (previous is not null)
        {
            await WriteAsync(previous, ct);
        }
    }

    // A dense run of ids is read as one key range and filtered here (a range scan beats thousands
    // of key probes); a sparse one by its keys.
    private async Task<List<ExportRow>> ReadAsync(long[] ids, CancellationToken ct)
    {
        long first = ids[0], last = ids[^1];
        var customers = db.Customers.AsNoTracking();
        var rows = ids.Length * 2L >= last - first + 1
            ? customers.Where(c => c.Id >= first && c.Id <= last)
            : customers.Where(c => ids.Contains(c.Id));
        var read = await rows.OrderBy(c => c.Id)
            .Select(c => new ExportRow(c.Id, withExternalId ? c.ExternalId : null, withEmail ? c.Email : null))
            .ToListAsync(ct);
        return KeepMembers(read, ids);
    }

    // Both lists are in id order: one merge pass keeps the rows of members.
    private static List<ExportRow> KeepMembers(List<ExportRow> rows, long[] ids)
    {
        var kept = new List<ExportRow>(ids.Length);
        var next = 0;
        foreach (var row in rows)
        {
            while (next < ids.Length && ids[next] < row.Id)
            {
                next++;
            }

            if (next < ids.Length && ids[next] == row.Id)
            {
                kept.Add(row);
            }
        }

        return kept;
    }

    private async Task WriteAsync(IEnumerable<ExportRow> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            if (csv)
            {
                WriteCsvLine(row);
            }
            else
            {
                WriteJsonLine(row);
            }
        }

        if (_buffer.WrittenCount >= FlushBytes)
        {
            await FlushAsync(ct);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await body.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
    }

    // Public ids are plain ASCII; the other values are JSON-escaped as the serializer would.
    private void WriteJsonLine(ExportRow row)
    {
        WriteBytes("{\"id\":\""u8);
        WriteText(PublicId.Encode(IdPrefixes.Customer, row.Id));
        if (row.ExternalId is not null)
        {
            WriteBytes("\",\"externalId\":\""u8);
            WriteBytes(JsonEncodedText.Encode(row.ExternalId).EncodedUtf8Bytes);
        }

        if (row.Email is not null)
        {
            WriteBytes("\",\"email\":\""u8);
            WriteBytes(JsonEncodedText.Encode(row.Email).EncodedUtf8Bytes);
        }

        WriteBytes("\"}\n"u8);
    }

    private void WriteCsvLine(ExportRow row)
    {
        WriteText(PublicId.Encode(IdPrefixes.Customer, row.Id));
        if (withExternalId)
        {
            WriteText(",");
            WriteText(Csv(row.ExternalId));
        }

        if (withEmail)
        {
            WriteText(",");
            WriteText(Csv(row.Email));
        }

        WriteText("\n");
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    private void WriteText(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static string Csv(string? value) =>
        value is null ? string.Empty : value.AsSpan().IndexOfAny("\",\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    /// <summary>Exports every member of <paramref name="query"/>.</summary>
    public async Task RunAsync(SegmentEvaluation evaluation, CheckedQuery query, CancellationToken ct)
    {
        await evaluation.ExportAsync(query, ids => AddAsync(ids, ct), ct);
        await CompleteAsync(ct);
    }
}
