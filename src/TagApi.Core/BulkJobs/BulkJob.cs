using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Core.BulkJobs;

/// <summary>
/// A piece of large work (an import, a segment tagging, an export) run in the background. The upload or the member set
/// it works through is stored with it as <see cref="BulkJobChunk"/> rows, so any instance can run or resume it;
/// <see cref="NextChunk"/> is the checkpoint, moved in the same transaction as the chunk it covers.
/// </summary>
public sealed class BulkJob : ITenantOwned, ILeased
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    /// <summary>One of <see cref="BulkJobKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>One of <see cref="BulkJobStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary><c>ndjson</c> or <c>csv</c>: the upload's format, or the export's.</summary>
    public string? Format { get; set; }

    /// <summary>The CSV header line of an upload, which every chunk's lines are read against.</summary>
    public string? CsvHeader { get; set; }

    /// <summary>The job's parameters as JSON (segment.tag and customers.export).</summary>
    public string? Parameters { get; set; }

    /// <summary>The client that started the job, recorded as the source of its changes.</summary>
    public string? ClientId { get; set; }

    /// <summary>Whether the starter could read personal data (an export includes it only then).</summary>
    public bool PersonalData { get; set; }

    /// <summary>Lines (or members) in the input; null until known (an export learns it when it starts).</summary>
    public long? Total { get; set; }

    /// <summary>Lines (or members) done, good or bad.</summary>
    public long Processed { get; set; }

    /// <summary>Lines refused (see <see cref="BulkJobError"/>).</summary>
    public long Errors { get; set; }

    /// <summary>How many input chunks the upload was stored as.</summary>
    public int InputChunks { get; set; }

    /// <summary>The checkpoint: the next input chunk to apply (or output chunk to write, for an export).</summary>
    public int NextChunk { get; set; }

    /// <summary>Set by a cancel request; the running worker stops at the next chunk boundary.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Kind-specific result counts as JSON (created, updated, added, …).</summary>
    public string? Result { get; set; }

    /// <summary>Why the job failed, when it did.</summary>
    public string? Failure { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }
}

/// <summary>A stored piece of a job's input (upload lines, member ids) or output (export lines).</summary>
public sealed class BulkJobChunk : ITenantOwned
{
    public long TenantId { get; set; }

    public long JobId { get; set; }

    /// <summary>False for input, true for output.</summary>
    public bool Output { get; set; }

    /// <summary>Position of the chunk, from 0.</summary>
    public int Sequence { get; set; }

    /// <summary>Line number (1-based, in the upload) of the chunk's first line.</summary>
    public long FirstLine { get; set; }

    /// <summary>Lines (or member ids) in the chunk.</summary>
    public int Lines { get; set; }

    /// <summary>The chunk's bytes: UTF-8 lines, or member ids as little-endian 64-bit integers.</summary>
    public required byte[] Data { get; set; }
}

/// <summary>One refused line of a job.</summary>
public sealed class BulkJobError : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long JobId { get; set; }

    /// <summary>1-based line number in the upload (or position in the member set).</summary>
    public long Line { get; set; }

    public required string Code { get; set; }

    public required string Message { get; set; }
}
