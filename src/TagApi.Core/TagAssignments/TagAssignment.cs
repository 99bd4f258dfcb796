using TagApi.Core.Customers;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Core.TagAssignments;

/// <summary>A customer holding a tag. Set semantics: at most one row per customer and tag.</summary>
public sealed class TagAssignment : ITenantOwned
{
    public long TenantId { get; set; }

    public long CustomerId { get; set; }

    public Customer? Customer { get; set; }

    public long TagId { get; set; }

    public Tag? Tag { get; set; }

    public TagSource Source { get; set; }

    /// <summary>Who assigned it: the client id for manual and import changes, rule id and version for rules.</summary>
    public string? SourceRef { get; set; }

    public DateTime AssignedAt { get; set; }

    /// <summary>When set, the tag is removed automatically at this time.</summary>
    public DateTime? ExpiresAt { get; set; }
}

/// <summary>How a tag came to a customer.</summary>
public enum TagSource
{
    Manual,
    Rule,
    Import,
}
