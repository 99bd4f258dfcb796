using TagApi.Core.Tenancy;

namespace TagApi.Core.Customers;

/// <summary>A customer of the tenant, identified to the integrator by <see cref="ExternalId"/>.</summary>
public sealed class Customer : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string ExternalId { get; set; }

    public CustomerType Type { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Gender { get; set; }

    public DateOnly? BirthDate { get; set; }

    public string? Country { get; set; }

    public string? Region { get; set; }

    public string? City { get; set; }

    public string? Industry { get; set; }

    public CustomerSource? Source { get; set; }

    public string? SourceDetail { get; set; }

    public string? Locale { get; set; }

    /// <summary>Custom fields as a JSON object text.</summary>
    public string Attributes { get; set; } = "{}";

    public CustomerMetrics Metrics { get; set; } = new();

    /// <summary>Grows by one with every change to the customer or its tags; also the optimistic concurrency token.</summary>
    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>A shallow copy: the values as they stand, kept to compare with later ones (a bulk import's change detection).</summary>
    internal Customer Copy() => (Customer)MemberwiseClone();
}

public enum CustomerType
{
    Individual,
    Company,
}

public enum CustomerSource
{
    Online,
    Offline,
}
