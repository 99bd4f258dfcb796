using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Features.Activities;

/// <summary>Activity imports, from the <c>Activities</c> section.</summary>
public sealed class ActivityOptions : ISettingsSection
{
    public static string SectionName => "Activities";

    /// <summary>The largest body <c>POST /v1/activities/bulk</c> accepts, in bytes (imports are streamed, so memory does not grow with it).</summary>
    [Range(1, long.MaxValue)]
    public long BulkMaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;
}
