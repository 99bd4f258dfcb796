using TagApi.Core.Conditional;
using TagApi.Core.TagCategories;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Tags;

/// <summary>A label a customer can hold. Tags form a hierarchy at most <see cref="MaxDepth"/> levels deep.</summary>
public sealed class Tag : ITenantOwned, IRevised
{
    public const int MaxDepth = 5;

    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Color { get; set; }

    public long CategoryId { get; set; }

    public TagCategory? Category { get; set; }

    public long? ParentId { get; set; }

    /// <summary>Assigned by automatic rules only; manual edits are refused.</summary>
    public bool RuleOwned { get; set; }

    public DateTime? ArchivedAt { get; set; }

    /// <inheritdoc />
    public long Revision { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
