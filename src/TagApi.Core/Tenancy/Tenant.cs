namespace TagApi.Core.Tenancy;

/// <summary>A shop or workspace. All other data belongs to exactly one tenant.</summary>
public sealed class Tenant
{
    public long Id { get; set; }

    public required string Slug { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }
}
