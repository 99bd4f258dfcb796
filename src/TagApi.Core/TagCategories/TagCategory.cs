using TagApi.Core.Conditional;
using TagApi.Core.Tenancy;

namespace TagApi.Core.TagCategories;

/// <summary>A group of tags. In an exclusive category a customer holds at most one tag.</summary>
public sealed class TagCategory : ITenantOwned, IRevised
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Color { get; set; }

    /// <summary>A customer holds at most one tag of an exclusive category (lifecycle stage, value tier).</summary>
    public bool Exclusive { get; set; }

    public int SortOrder { get; set; }

    /// <inheritdoc />
    public long Revision { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
