using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Features.TagAssignments;

/// <summary>The expiry sweep, from the <c>TagExpiry</c> section.</summary>
public sealed class TagExpiryOptions : ISettingsSection
{
    public static string SectionName => "TagExpiry";

    /// <summary>How often tag assignments past their <c>expiresAt</c> are removed.</summary>
    [Range(1, 86_400)]
    public int SweepSeconds { get; set; } = 30;
}
