using TagApi.Core.Tenancy;

namespace TagApi.Core.Tags;

/// <summary>An old key that still resolves to a tag after a merge, so integrations keep working.</summary>
public sealed class TagAlias : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Key { get; set; }

    public long TagId { get; set; }

    public DateTime CreatedAt { get; set; }
}
