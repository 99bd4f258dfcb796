using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Starts a job that takes no upload: <c>segment.tag</c> (give <c>segment</c> or <c>query</c>, <c>tag</c> and <c>op</c>) or
/// <c>customers.export</c> (optionally <c>segment</c> or <c>query</c> to export only their members; <c>format</c>).
/// </summary>
/// <param name="Kind">segment.tag or customers.export (the imports take their file as the body instead).</param>
/// <param name="Segment">A saved segment, by id or key: its members as of the job's start.</param>
/// <param name="Query">An ad-hoc segment query (text): its matches as of the job's start.</param>
/// <param name="Tag">segment.tag: the tag to add or remove, by id or key.</param>
/// <param name="Op">segment.tag: add or remove.</param>
/// <param name="Format">customers.export: ndjson (the default) or csv.</param>
public sealed record StartBulkJobRequest(
    [property: Required, MaxLength(32)] string Kind,
    [property: MaxLength(200)] string? Segment = null,
    [property: MaxLength(10_240)] string? Query = null,
    [property: MaxLength(200)] string? Tag = null,
    [property: MaxLength(8)] string? Op = null,
    [property: MaxLength(8)] string? Format = null);

/// <summary>Counts of what a job did so far; the counts that do not apply to its kind are null.</summary>
/// <param name="Created">customers.import: customers created.</param>
/// <param name="Updated">customers.import: customers replaced.</param>
/// <param name="Added">Tag assignments added.</param>
/// <param name="Removed">Tag assignments removed.</param>
/// <param name="Unchanged">Lines or members that changed nothing (already held, or already absent).</param>
/// <param name="Recorded">activities.import: activities stored.</param>
/// <param name="Duplicates">activities.import: lines whose externalId was recorded before.</param>
/// <param name="Skipped">segment.tag and customers.export: members deleted since the job started.</param>
/// <param name="Exported">customers.export: customers written to the download.</param>
public sealed record BulkJobResult(
    long? Created = null, long? Updated = null, long? Added = null, long? Removed = null, long? Unchanged = null,
    long? Recorded = null, long? Duplicates = null, long? Skipped = null, long? Exported = null)
{
    public static BulkJobResult? From(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<BulkJobResult>(json, JsonSerializerOptions.Web);
}

/// <summary>A bulk job: what it is, where it stands, and what it did.</summary>
/// <param name="Id">Opaque id (<c>job_…</c>).</param>
/// <param name="Kind">customers.import, tag-assignments.import, activities.import, segment.tag or customers.export.</param>
/// <param name="Status">queued, running, succeeded, failed or cancelled.</param>
/// <param name="Format">ndjson or csv: the upload's format, or the export's.</param>
/// <param name="Processed">Lines (or members) done so far, good or bad.</param>
/// <param name="Total">Lines (or members) in the job.</param>
/// <param name="Errors">Lines refused so far; see <c>GET /v1/bulk-jobs/{id}/errors</c>.</param>
/// <param name="CancelRequested">True once a cancel was asked for; a running job stops at its next chunk.</param>
/// <param name="Result">Counts of what the job did.</param>
/// <param name="Failure">Why the job failed; null unless it did.</param>
/// <param name="Download">For a succeeded export: where to download it.</param>
/// <param name="CreatedAt">When the job was started (UTC).</param>
/// <param name="StartedAt">When a worker began it (UTC).</param>
/// <param name="FinishedAt">When it ended (UTC).</param>
public sealed record BulkJobResponse(
    string Id, string Kind, string Status, string? Format, long Processed, long? Total, long Errors, bool CancelRequested,
    BulkJobResult? Result, string? Failure, string? Download, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    public static BulkJobResponse From(BulkJob job)
    {
        var id = PublicId.Encode(IdPrefixes.BulkJob, job.Id);
        var download = job.Kind == BulkJobKinds.CustomersExport && job.Status == BulkJobStatus.Succeeded ? $"/v1/bulk-jobs/{id}/download" : null;
        return new BulkJobResponse(id, job.Kind, job.Status, job.Format, job.Processed, job.Total, job.Errors, job.CancelRequested,
            BulkJobResult.From(job.Result), job.Failure, download, job.CreatedAt, job.StartedAt, job.FinishedAt);
    }
}

/// <summary>One refused line of a job.</summary>
/// <param name="Line">1-based line number in the upload (a CSV header is line 1); for segment.tag, the member's position.</param>
/// <param name="Code">Stable error code: validation_failed, not_found, rule_owned, tag_archived, exclusive_conflict…</param>
/// <param name="Message">What was wrong.</param>
public sealed record BulkJobErrorResponse(long Line, string Code, string Message)
{
    public static BulkJobErrorResponse From(BulkJobError error) => new(error.Line, error.Code, error.Message);
}
