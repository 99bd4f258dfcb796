using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments;

/// <summary>
/// A saved segment: a named query over customers, evaluated on demand. Its membership is also
/// projected into <see cref="Membership.SegmentMember"/> rows so entries and exits become events.
/// </summary>
public sealed class Segment : ITenantOwned, ILeased, IRevised
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The query in canonical text form.</summary>
    public required string Query { get; set; }

    /// <summary>Grows with every write of the segment's member rows; a cached copy of them is good while it matches.</summary>
    public long MembersVersion { get; set; }

    /// <summary>When the member rows last matched a full evaluation; null until the first (silent) baseline is written.</summary>
    public DateTime? MembersSyncedAt { get; set; }

    /// <summary>
    /// The <see cref="MembersSyncedAt"/> of a segment whose meaning changed without its own query
    /// changing (a segment it names was redefined, or the tag structure changed): earlier than any
    /// definition, so the projector runs it in full at once and announces the difference as a
    /// definition change.
    /// </summary>
    public static readonly DateTime RedefinedMarker = DateTime.UnixEpoch;

    /// <summary>The server instance projecting the membership now, so several instances never write it at once.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <inheritdoc />
    public long Revision { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
