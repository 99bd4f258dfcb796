using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments.Membership;

/// <summary>
/// A customer in a saved segment, as last announced. The segment engine answers queries from the
/// index; these rows are the persisted view the membership projector diffs against, so every entry
/// and exit is announced exactly when it is written — and never lost to a crash in between.
/// </summary>
public sealed class SegmentMember : ITenantOwned
{
    public long TenantId { get; set; }

    public long SegmentId { get; set; }

    public long CustomerId { get; set; }

    public DateTime EnteredAt { get; set; }

    /// <summary>Not stored. What the change event says about it; null for a silent change (a new segment's baseline).</summary>
    public MembershipNotice? Notice { get; set; }
}

/// <summary>Not stored: the segment and customer as named in a <c>segment.entered</c>/<c>segment.exited</c> event.</summary>
/// <param name="SegmentKey">The segment's key.</param>
/// <param name="CustomerExternalId">The customer's external id, null when the customer is gone.</param>
/// <param name="Trigger">What made the projector look: <c>change</c>, <c>scheduled</c> or <c>definition</c>.</param>
public sealed record MembershipNotice(string SegmentKey, string? CustomerExternalId, string Trigger);
