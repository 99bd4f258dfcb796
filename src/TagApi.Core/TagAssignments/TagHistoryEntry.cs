using TagApi.Core.Tenancy;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// One line of the immutable tag ledger: who tagged or untagged a customer, when and why.
/// The tag key is copied so the ledger stays readable after a tag is deleted.
/// </summary>
public sealed class TagHistoryEntry : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long CustomerId { get; set; }

    public long TagId { get; set; }

    public required string TagKey { get; set; }

    public TagHistoryAction Action { get; set; }

    public TagSource Source { get; set; }

    public string? SourceRef { get; set; }

    public string? Reason { get; set; }

    public DateTime At { get; set; }
}

public enum TagHistoryAction
{
    Added,
    Removed,
    Expired,
}
