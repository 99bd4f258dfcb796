using TagApi.Api.Features.Tags;
using TagApi.Core.Common;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Features.TagAssignments;

/// <summary>A tag a customer holds.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Source">manual, rule or import.</param>
/// <param name="SourceRef">The client id (manual, import) or rule id and version (rule) that assigned it.</param>
/// <param name="AssignedAt">When it was assigned (UTC).</param>
/// <param name="ExpiresAt">When it will be removed automatically, if ever.</param>
public sealed record CustomerTagResponse(TagRef Tag, TagSource Source, string? SourceRef, DateTime AssignedAt, DateTime? ExpiresAt)
{
    public static CustomerTagResponse From(TagAssignment a) => new(TagRef.From(a.Tag!), a.Source, a.SourceRef, a.AssignedAt, a.ExpiresAt);
}

/// <summary>The customer's tags.</summary>
/// <param name="Data">Current tags.</param>
public sealed record CustomerTagsResponse(IReadOnlyList<CustomerTagResponse> Data);

/// <summary>Tags to add to and remove from one customer.</summary>
/// <param name="Add">Tag ids or keys to add; held ones are left as they are.</param>
/// <param name="Remove">Tag ids or keys to remove; absent ones are ignored.</param>
/// <param name="ExpiresAt">Optional expiry for the added tags.</param>
public sealed record ChangeCustomerTagsRequest(IReadOnlyList<string>? Add = null, IReadOnlyList<string>? Remove = null, DateTime? ExpiresAt = null);

/// <summary>The customer's tags after the change, and what changed.</summary>
/// <param name="Data">Current tags.</param>
/// <param name="Added">Keys of tags the customer gained.</param>
/// <param name="Removed">Keys of tags the customer lost (including ones replaced in an exclusive category).</param>
public sealed record ChangeCustomerTagsResponse(IReadOnlyList<CustomerTagResponse> Data, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>One line of the tag ledger.</summary>
/// <param name="Id">Opaque entry id (<c>hst_…</c>).</param>
/// <param name="TagId">Tag id (the tag may since have been deleted).</param>
/// <param name="TagKey">Tag key at the time.</param>
/// <param name="Action">added, removed or expired.</param>
/// <param name="Source">manual, rule or import.</param>
/// <param name="SourceRef">Client id or rule id and version.</param>
/// <param name="Reason">Why, when known (replaced in an exclusive category, merged, deleted…).</param>
/// <param name="At">When (UTC).</param>
public sealed record TagHistoryResponse(string Id, string TagId, string TagKey, TagHistoryAction Action, TagSource Source, string? SourceRef, string? Reason, DateTime At)
{
    public static TagHistoryResponse From(TagHistoryEntry h) =>
        new(PublicId.Encode(IdPrefixes.HistoryEntry, h.Id), PublicId.Encode(IdPrefixes.Tag, h.TagId), h.TagKey, h.Action, h.Source, h.SourceRef, h.Reason, h.At);
}

/// <summary>One customer–tag pair. Name the customer by <c>customer</c> (id) or <c>externalId</c>.</summary>
/// <param name="Customer">Customer id (<c>cus_…</c>).</param>
/// <param name="ExternalId">The integrator's customer id.</param>
/// <param name="Tag">Tag id or key.</param>
/// <param name="ExpiresAt">Optional expiry (adds only).</param>
public sealed record TagAssignmentItemRequest(string? Customer = null, string? ExternalId = null, string? Tag = null, DateTime? ExpiresAt = null)
{
    public TagAssignmentItem ToItem() => new(Customer, ExternalId, Tag, ExpiresAt);
}

/// <summary>A batch of up to 1,000 pairs, applied all together or not at all.</summary>
/// <param name="Add">Pairs to assign.</param>
/// <param name="Remove">Pairs to unassign.</param>
/// <param name="Source">Recorded source: manual (default) or import.</param>
public sealed record TagAssignmentBatchRequest(
    IReadOnlyList<TagAssignmentItemRequest>? Add = null, IReadOnlyList<TagAssignmentItemRequest>? Remove = null, TagSource Source = TagSource.Manual);

/// <summary>A change a batch made.</summary>
/// <param name="Customer">Customer id.</param>
/// <param name="Tag">Tag key.</param>
/// <param name="Action">added or removed.</param>
/// <param name="Reason">Why, when not directly requested (replaced in an exclusive category).</param>
public sealed record AppliedChangeResponse(string Customer, string Tag, TagHistoryAction Action, string? Reason);

/// <summary>What a batch changed.</summary>
/// <param name="Added">Assignments created.</param>
/// <param name="Removed">Assignments removed.</param>
/// <param name="Unchanged">Pairs that were already as asked.</param>
/// <param name="Changes">Every change made.</param>
public sealed record TagAssignmentBatchResponse(int Added, int Removed, int Unchanged, IReadOnlyList<AppliedChangeResponse> Changes);
