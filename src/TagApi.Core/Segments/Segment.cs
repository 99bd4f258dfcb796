using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments;

/// <summary>A saved segment: a named query over customers, evaluated on demand.</summary>
public sealed class Segment : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The query in canonical text form.</summary>
    public required string Query { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
