namespace TagApi.Core.Webhooks.Payloads;

/// <summary>The <c>data</c> of <c>bulk_job.completed</c>: a bulk job reached its end.</summary>
/// <param name="Id">The job's public id (<c>job_…</c>).</param>
/// <param name="Kind">customers.import, tag-assignments.import, activities.import, segment.tag or customers.export.</param>
/// <param name="Status">succeeded, failed or cancelled.</param>
/// <param name="Processed">Lines (or members) done, good or bad.</param>
/// <param name="Total">Lines (or members) in the job; null when it ended before that was known.</param>
/// <param name="Errors">Lines refused (see the job's error report).</param>
/// <param name="Failure">Why the job failed; null unless it did.</param>
public sealed record BulkJobCompletedData(string Id, string Kind, string Status, long Processed, long? Total, long Errors, string? Failure);
