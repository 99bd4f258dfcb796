using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>Bulk jobs: upload limit and how the workers run them, from the <c>BulkJobs</c> section.</summary>
public sealed class BulkJobOptions : ISettingsSection
{
    public static string SectionName => "BulkJobs";

    /// <summary>The largest upload <c>POST /v1/bulk-jobs</c> accepts, in bytes (a larger one is refused with 413 <c>payload_too_large</c>).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>How many jobs one node runs at once (each tenant runs one job at a time, on whichever node claimed it).</summary>
    [Range(0, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>How often an idle node looks for a job to run.</summary>
    [Range(10, 600_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>How long a node's claim on a running job lasts without progress; once it lapses (the node died), any node resumes the job from its checkpoint.</summary>
    [Range(1, 3600)]
    public double LeaseSeconds { get; set; } = 30;
}
