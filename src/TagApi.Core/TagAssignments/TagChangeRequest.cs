using TagApi.Core.Common;
using TagApi.Core.Tags;

namespace TagApi.Core.TagAssignments;

/// <summary>One wanted change: a customer should hold, or stop holding, a tag.</summary>
public sealed record TagChangeRequest(long CustomerId, Tag Tag, bool IsAdd, DateTime? ExpiresAt)
{
    /// <summary>
    /// Cut to whole microseconds, as the database keeps it: what a change answers or compares (an unchanged expiry is
    /// no change) is then what a later read shows, whoever made the request.
    /// </summary>
    public DateTime? ExpiresAt { get; init; } = ExpiresAt is { } at ? Clock.Truncate(at) : null;

    public static TagChangeRequest Add(long customerId, Tag tag, DateTime? expiresAt = null) => new(customerId, tag, true, expiresAt);

    public static TagChangeRequest Remove(long customerId, Tag tag) => new(customerId, tag, false, null);
}

/// <summary>Who or what makes a set of tag changes, recorded on assignments and in the ledger.</summary>
public sealed record TagChangeOrigin(TagSource Source, string? SourceRef, string? Reason, bool IsExpiry = false)
{
    public static TagChangeOrigin Manual(string? clientId, string? reason = null) => new(TagSource.Manual, clientId, reason);
}

/// <summary>A change that actually happened (no-ops are not reported).</summary>
public sealed record AppliedTagChange(long CustomerId, long TagId, string TagKey, TagHistoryAction Action, string? Reason);
